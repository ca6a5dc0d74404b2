"""Finding 11 of issue #10: `make backup` saves the database and the uploaded files, and
`make restore` brings both back into an empty PostgreSQL database without an error, every row
and every file equal. Runs the scripts the two make targets call, with this interpreter, against
the local PostgreSQL server (started by .ci/run); the source is a prepared copy of a database
with the reference data and the demo history (tests/prepared.py)."""

import hashlib
import os
import subprocess
import uuid
from pathlib import Path

import psycopg2
import pytest

from tests.prepared import base_environment, prepared_postgres_database

ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("NTM_TEST_PG_SERVER", "postgres://postgres@127.0.0.1:5432")


def psql(database, sql):
    return subprocess.run(
        ["psql", f"{SERVER}/{database}", "-tAqc", sql], check=True, capture_output=True, text=True
    ).stdout


def environment(database, media_root, backup_dir):
    return base_environment(
        DATABASE_URL=f"{SERVER}/{database}",
        NTM_MEDIA_ROOT=str(media_root),
        BACKUP_DIR=str(backup_dir),
    )


def run(env, *command):
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    return result


def table_contents(database):
    """Every table's rows as a digest and a count, read over one connection."""
    with psycopg2.connect(f"{SERVER}/{database}") as connection, connection.cursor() as cursor:
        cursor.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'public' and table_type = 'BASE TABLE' order by 1"
        )
        contents = {}
        for (table,) in cursor.fetchall():
            cursor.execute(
                "select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) "
                f"|| ':' || count(*) from \"{table}\" t"
            )
            contents[table] = cursor.fetchone()[0]
    connection.close()
    return contents


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
    prepared_postgres_database(SERVER, names[0])
    psql("postgres", f"CREATE DATABASE {names[1]}")
    yield names
    for name in names:
        psql("postgres", f"DROP DATABASE IF EXISTS {name}")


@pytest.mark.long
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
    run(environment(source, source_media, backups), "scripts/backup.sh")
    dump = next(backups.glob("ntm-*.dump"))
    media = next(backups.glob("ntm-media-*.tar.gz"))

    target_media = tmp_path / "restored-media"
    restored = run(environment(target, target_media, backups), "scripts/restore.sh", dump, media)
    assert "Đã khôi phục cơ sở dữ liệu" in restored.stdout

    before, after = table_contents(source), table_contents(target)
    assert before == after
    assert int(before["targets_certification"].split(":")[1]) > 0
    assert int(before["auth_user"].split(":")[1]) == 5
    assert files(target_media) == files(source_media) and len(files(source_media)) == 2

    # Restoring over a database that is not empty is refused, not half-done.
    again = subprocess.run(
        ["scripts/restore.sh", str(dump)],
        cwd=ROOT,
        env=environment(target, target_media, backups),
        capture_output=True,
        text=True,
    )
    assert again.returncode != 0
    assert "chỉ khôi phục vào cơ sở dữ liệu trống" in again.stderr
