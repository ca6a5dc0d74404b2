"""Finding 11 of issue #10: `make backup` saves the database and the uploaded files, and
`make restore` brings both back into an empty PostgreSQL database without an error, every row
and every file equal. Runs against the local PostgreSQL server (started by .ci/run)."""

import hashlib
import os
import subprocess
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("NTM_TEST_PG_SERVER", "postgres://postgres@127.0.0.1:5432")


def psql(database, sql):
    return subprocess.run(
        ["psql", f"{SERVER}/{database}", "-tAqc", sql], check=True, capture_output=True, text=True
    ).stdout


def environment(database, media_root, backup_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NTM_"))}
    env.update(
        DATABASE_URL=f"{SERVER}/{database}",
        NTM_MEDIA_ROOT=str(media_root),
        BACKUP_DIR=str(backup_dir),
        DJANGO_DEBUG="1",
    )
    return env


def run(env, *command):
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    return result


def table_contents(database):
    tables = psql(
        database,
        "select table_name from information_schema.tables "
        "where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
    ).split()
    return {
        table: psql(
            database,
            f"select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) || ':' || count(*) from \"{table}\" t",
        )
        for table in tables
    }


def files(root):
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def databases():
    suffix = uuid.uuid4().hex[:8]
    names = (f"ntm_backup_src_{suffix}", f"ntm_backup_dst_{suffix}")
    for name in names:
        psql("postgres", f"CREATE DATABASE {name}")
    yield names
    for name in names:
        psql("postgres", f"DROP DATABASE IF EXISTS {name}")


def test_backup_then_restore_into_an_empty_database_gives_every_row_and_file_back(
    databases, tmp_path
):
    source, target = databases
    backups = tmp_path / "backups"
    source_media = tmp_path / "media"
    (source_media / "decisions" / "2024").mkdir(parents=True)
    (source_media / "decisions" / "2024" / "QĐ-669-Vĩnh Thuận.pdf").write_bytes(
        b"%PDF-1.4\n" + os.urandom(50_000)
    )
    (source_media / "evidence").mkdir()
    (source_media / "evidence" / "bien-ban.xlsx").write_bytes(os.urandom(2_000))
    env = environment(source, source_media, backups)
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["load_reference_data"],
        ["load_demo_accounts"],
        ["load_demo_history"],
    ):
        run(env, str(ROOT / ".venv/bin/python"), "manage.py", *command)
    run(env, "make", "-s", "backup")
    dump = next(backups.glob("ntm-*.dump"))
    media = next(backups.glob("ntm-media-*.tar.gz"))

    target_media = tmp_path / "restored-media"
    restored = run(
        environment(target, target_media, backups),
        "make",
        "-s",
        "restore",
        f"DUMP={dump}",
        f"MEDIA={media}",
    )
    assert "Đã khôi phục cơ sở dữ liệu" in restored.stdout

    before, after = table_contents(source), table_contents(target)
    assert before == after
    assert int(before["targets_certification"].split(":")[1]) > 0
    assert int(before["auth_user"].split(":")[1]) == 5
    assert files(target_media) == files(source_media) and len(files(source_media)) == 2

    # Restoring over a database that is not empty is refused, not half-done.
    again = subprocess.run(
        ["make", "-s", "restore", f"DUMP={dump}"],
        cwd=ROOT,
        env=environment(target, target_media, backups),
        capture_output=True,
        text=True,
    )
    assert again.returncode != 0
    assert "chỉ khôi phục vào cơ sở dữ liệu trống" in again.stderr
