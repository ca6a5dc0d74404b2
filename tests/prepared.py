"""Prepared databases for the tests that start the portal in another process (the production
start, backup and restore): migrated, with reference data (and, for PostgreSQL, the demo accounts
and history), built once per version of the code and copied for each test.

A copy is a file copy (SQLite) or `CREATE DATABASE … TEMPLATE` (PostgreSQL), a second or less,
where building one costs 10–30 s of migrations and loading. The version is a hash of every file
the database's contents come from (the apps' code, migrations and fixtures), so a change to any of
them builds a new one; older versions are removed. The commands run with the interpreter running
the tests, never a path guessed from the checkout.
"""

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "var" / "test-cache"
SOURCES = ("ntm_portal", "units", "targets", "emulation", "awards", "fixtures")


def code_version():
    """A short hash of every file that shapes a prepared database."""
    digest = hashlib.sha256()
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def base_environment(**extra):
    """The environment of a portal process: this one's, less the portal's own settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "NTM_", "DATABASE_URL"))
    }
    env.update(PYTHON=sys.executable, DJANGO_DEBUG="1")
    env.update(extra)
    return env


def manage(env, *command):
    result = subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, (
        f"manage.py {' '.join(command)}: {result.stdout}\n{result.stderr}"
    )
    return result


@contextmanager
def built_alone(name):
    """Held while one process builds the prepared database `name`: a test on another worker that
    needs it waits and then copies it, instead of building it a second time beside it."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _cached_sqlite(kind, build):
    """The cached SQLite database `kind` of this version of the code, built by `build(path)` the
    first time."""
    cached = CACHE / f"{kind}-{code_version()}.sqlite3"
    if cached.exists():
        return cached
    with built_alone(kind):
        if cached.exists():  # built by another worker while this one waited
            return cached
        for old in CACHE.glob(f"{kind}-*.sqlite3"):
            old.unlink(missing_ok=True)
        partial = CACHE / f"building-{uuid.uuid4().hex}.sqlite3"
        try:
            build(partial)
            partial.replace(cached)  # atomic: a parallel test sees the whole file or none
        finally:
            partial.unlink(missing_ok=True)
    return cached


def migrated_sqlite_database(destination):
    """Copy a migrated SQLite database that holds nothing yet (no reference data) to
    `destination`."""

    def build(building):
        env = base_environment(DATABASE_URL=f"sqlite:///{building}")
        manage(env, "migrate", "--no-input", "-v0")

    shutil.copyfile(_cached_sqlite("migrated", build), destination)
    return destination


def prepared_sqlite_database(destination):
    """Copy a migrated SQLite database with the reference data to `destination`."""

    def build(building):
        migrated_sqlite_database(building)
        manage(base_environment(DATABASE_URL=f"sqlite:///{building}"), "load_reference_data")

    shutil.copyfile(_cached_sqlite("reference", build), destination)
    return destination


def psql(server, database, sql):
    return subprocess.run(
        ["psql", f"{server}/{database}", "-tAqc", sql], check=True, capture_output=True, text=True
    ).stdout


def prepared_postgres_database(server, name):
    """Create database `name` as a copy of a migrated one with reference data, the demo accounts
    and the demo history."""
    template = f"ntm_test_template_{code_version()}"
    with built_alone("postgres-template"):
        _build_postgres_template(server, template)
    psql(server, "postgres", f"CREATE DATABASE {name} TEMPLATE {template}")
    return name


def _build_postgres_template(server, template):
    exists = psql(server, "postgres", f"SELECT 1 FROM pg_database WHERE datname = '{template}'")
    if not exists.strip():
        for old in psql(
            server,
            "postgres",
            "SELECT datname FROM pg_database WHERE datname LIKE 'ntm\\_test\\_template\\_%'",
        ).split():
            psql(server, "postgres", f"DROP DATABASE IF EXISTS {old}")
        building = f"ntm_test_building_{uuid.uuid4().hex[:12]}"
        psql(server, "postgres", f"CREATE DATABASE {building}")
        try:
            env = base_environment(DATABASE_URL=f"{server}/{building}")
            for command in (
                ["migrate", "--no-input", "-v0"],
                ["load_reference_data"],
                ["load_demo_accounts"],
                ["load_demo_history"],
            ):
                manage(env, *command)
            psql(server, "postgres", f"ALTER DATABASE {building} RENAME TO {template}")
        finally:
            psql(server, "postgres", f"DROP DATABASE IF EXISTS {building}")
