"""Acceptance (issue #24): `export_plan 168/KH-UBND`, then `load_plan` of that file into a database
that has never held a plan, gives the same targets, the same `manage.py progress` output for every
year of the plan (both bases, as table and as JSON) and the same `check_plan` contradiction.

The empty database is a new SQLite file migrated in a separate process (once per version of the
code, then copied: tests/prepared.py), with the units and the criteria sets loaded but no plan,
and the same known history of recognitions."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from targets.models import YearlyTarget
from tests.prepared import migrated_sqlite_database
from tests.targets.progress import known_history

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
YEARS = range(2020, 2026)
BASES = ("standard", "decision")

# Run in the new database: units and criteria sets as load_reference_data loads them, no plan,
# the known history, then the exported plan file through `load_plan`, then every output.
SCRIPT = """
import io, json, os
from django.core.management import call_command
from django.db import transaction
from targets.models import Plan, YearlyTarget
from targets.reference import CRITERIA_FILES, load_criteria
from ntm_portal.lib.reference import FIXTURES_DIR, LoadReport
import units.reference
from tests.targets.progress import known_history

units.reference.load()
for name in CRITERIA_FILES:
    path = FIXTURES_DIR / name
    if path.exists():
        load_criteria(json.loads(path.read_text(encoding="utf-8")), LoadReport(), update=False)
assert not Plan.objects.exists()
known_history.build()
call_command("load_plan", os.environ["NTM_TEST_PLAN_FILE"], stdout=io.StringIO())
out = {"targets": sorted(
    YearlyTarget.objects.values_list("indicator__level", "indicator__standard", "year", "cumulative")
)}
for year in range(2020, 2026):
    for basis in ("standard", "decision"):
        for form in ("table", "json"):
            text = io.StringIO()
            call_command("progress", plan="168/KH-UBND", year=str(year), basis=basis,
                         format=form, stdout=text)
            out[f"{year} {basis} {form}"] = text.getvalue()
text = io.StringIO()
try:
    call_command("check_plan", "168/KH-UBND", stdout=text)
except SystemExit as exit:
    out["check_plan_exit"] = exit.code
out["check_plan"] = text.getvalue()
print(json.dumps(out, ensure_ascii=False))
"""


def outputs_here():
    out = {
        "targets": sorted(
            [
                list(row)
                for row in YearlyTarget.objects.filter(
                    indicator__plan__number="168/KH-UBND"
                ).values_list("indicator__level", "indicator__standard", "year", "cumulative")
            ]
        )
    }
    for year in YEARS:
        for basis in BASES:
            for form in ("table", "json"):
                text = io.StringIO()
                call_command(
                    "progress",
                    plan="168/KH-UBND",
                    year=str(year),
                    basis=basis,
                    format=form,
                    stdout=text,
                )
                out[f"{year} {basis} {form}"] = text.getvalue()
    text = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("check_plan", "168/KH-UBND", stdout=text)
    out["check_plan_exit"] = exit_info.value.code
    out["check_plan"] = text.getvalue()
    return out


def test_export_then_load_into_an_empty_database_gives_the_same_progress(plan, tmp_path):
    known_history.build()
    exported = tmp_path / "plan_168.json"
    call_command("export_plan", "168/KH-UBND", "-o", str(exported), stdout=io.StringIO())
    here = outputs_here()
    assert here["check_plan_exit"] == 1
    assert (
        "Xã đạt chuẩn NTM nâng cao | 2025 | Số tăng thêm so với lũy kế | 2 | 1"
        in (here["check_plan"])
    )
    assert "Xã đạt chuẩn NTM" in here["2023 standard table"]

    database = tmp_path / "trong.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "1",
        "NTM_TEST_PLAN_FILE": str(exported),
    }
    # Migrated once per version of the code (tests/prepared.py), copied here.
    migrated_sqlite_database(database)
    manage = [sys.executable, str(ROOT / "manage.py")]
    script = tmp_path / "script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    result = subprocess.run(
        [*manage, "shell", "-v0", "-c", f"exec(open({str(script)!r}).read())"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    there = json.loads(result.stdout.strip().splitlines()[-1])
    assert there["targets"] == here["targets"]
    assert len(there["targets"]) == 25
    for key, value in here.items():
        assert there[key] == value, key
