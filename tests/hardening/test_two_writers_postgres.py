"""Issue #22, point 1, with two real connections to PostgreSQL: two people, each in their own
process, open the same nominee's edit page and save. The first has written its save and holds its
transaction open; the second's save waits on the row lock (seen in pg_stat_activity) instead of
reading the version before the first commits; once the first commits, the second sees the conflict
page with the first's change and nothing of the first's is lost.

Runs against its own throwaway database on the local PostgreSQL server (a copy of a prepared one,
tests/prepared.py), whatever the suite's default database is (SQLite or PostgreSQL), and drops it
afterwards."""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg2

from tests.hardening.two_writers import POSITIONS
from tests.prepared import base_environment, prepared_postgres_database, psql

ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("NTM_TEST_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
CHANGED = "đã được lưu bởi người khác"


def wait_for(path, process, seconds=120):
    deadline = time.monotonic() + seconds
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"{path.name}: the writer stopped: {process.stderr.read()}")
        assert time.monotonic() < deadline, f"{path.name} never came"
        time.sleep(0.05)


def lock_waiters(database):
    """Connections of `database` waiting on a lock (a row lock held by another transaction)."""
    with psycopg2.connect(f"{SERVER}/{database}") as connection, connection.cursor() as cursor:
        cursor.execute(
            "select count(*) from pg_stat_activity where datname = %s and wait_event_type = 'Lock'",
            [database],
        )
        count = cursor.fetchone()[0]
    connection.close()
    return count


def test_the_second_of_two_connections_waits_for_the_lock_and_sees_the_conflict(tmp_path):
    database = f"ntm_test_writers_{uuid.uuid4().hex[:12]}"
    prepared_postgres_database(SERVER, database)
    env = base_environment(
        DATABASE_URL=f"{SERVER}/{database}",
        DATABASE_CONN_MAX_AGE="0",
        DJANGO_ALLOWED_HOSTS="localhost",
        NTM_MEDIA_ROOT=str(tmp_path / "media"),
    )

    def start(role):
        return subprocess.Popen(
            [sys.executable, "-m", "tests.hardening.two_writers", role, str(tmp_path)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    writers = []
    try:
        setup = start("setup")
        assert setup.wait(timeout=120) == 0, setup.stderr.read()
        first, second = start("first"), start("second")
        writers = [first, second]
        wait_for(tmp_path / "ready-first", first)
        wait_for(tmp_path / "ready-second", second)  # both pages opened on the same version

        (tmp_path / "go-first").touch()
        wait_for(tmp_path / "first-holds-lock", first)
        (tmp_path / "go-second").touch()
        deadline, waiting = time.monotonic() + 30, 0
        while not waiting and time.monotonic() < deadline:
            assert second.poll() is None, "the second save did not wait for the first's lock"
            waiting = lock_waiters(database)
            time.sleep(0.1)
        assert waiting == 1, "the second save is not waiting on the row lock"
        time.sleep(0.5)
        assert second.poll() is None  # still waiting while the first holds its transaction
        (tmp_path / "release").touch()
        for writer in writers:
            assert writer.wait(timeout=120) == 0, writer.stderr.read()

        saved = json.loads((tmp_path / "first.json").read_text())
        refused = json.loads((tmp_path / "second.json").read_text())
        assert saved["version_sent"] == refused["version_sent"] != ""
        assert saved["status"] == 302
        assert refused["status"] == 200
        assert CHANGED in refused["page"] and "Cán bộ A" in refused["page"]
        assert POSITIONS["first"] in refused["page"]  # the first's change, shown
        assert POSITIONS["second"] in refused["page"]  # what the second typed, kept
        stored = psql(
            SERVER,
            database,
            "select position from awards_nominee where name = 'Trần Văn Hai Người'",
        )
        assert stored.strip() == POSITIONS["first"]
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
                writer.wait()
        psql(SERVER, "postgres", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
