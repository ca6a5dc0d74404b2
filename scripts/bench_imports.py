"""Imports of 10,000 rows on PostgreSQL (part of `make bench`, called by bench_hardening.py).

A throwaway database (`ntm_bench_imports`, or BENCH_DATABASE; dropped afterwards) with the
reference data and the national-scale synthetic data (`generate_synthetic --scale national`).
Each kind is exported (10,000 rows), edited the way a district would edit it (a note on every
certification; one criterion changed on every commune-year), and imported back through
`run_import` as the web import does: a preview that reads the file (nothing written), then the
confirm, which applies what the preview read without parsing the file again (everything written,
with history). Then each kind again as a first import: the records of an unedited export deleted
(for certifications, the decisions left without one too) and the file imported, every row new.
Wall and CPU time (user + system of this process; the database server's work
shows in the wall time only). Writes the Markdown section "imports" of docs/benchmarks.md and
prints it.

Goal (issue #10): at least 1,000 rows/s, preview and confirm each under 15 s.
"""

import io
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))
from benchmarks_doc import replace_section, today  # noqa: E402

SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DATABASE", "ntm_bench_imports")
# BENCH_ROWS and BENCH_SCALE make a quick run at a small scale (to prove the script works on a
# loaded machine); the figures of docs/benchmarks.md are those of the defaults.
ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
SCALE = os.environ.get("BENCH_SCALE", "national")


def psql(sql):
    subprocess.run(["psql", f"{SERVER}/postgres", "-qc", sql], check=True, capture_output=True)


def number(value, digits=0):
    from ntm_portal.lib.numbers import decimal

    return decimal(value, digits, grouped=True)


def prepare():
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)
    quiet = io.StringIO()
    call_command("load_reference_data", verbosity=0, stdout=quiet)
    call_command("generate_synthetic", "--scale", SCALE, stdout=quiet)


def certification_file(edit=True):
    from ntm_portal.lib.spreadsheet import Sheet, write_xlsx
    from targets.imports.exports import CERTIFICATIONS
    from targets.models import Certification

    first = list(Certification.objects.order_by("pk").values_list("pk", flat=True)[:ROWS])
    headers, dataset = CERTIFICATIONS.table(Certification.objects.filter(pk__in=first))
    notes = headers.index("Ghi chú")
    rows = []
    for row in dataset:
        row = list(row)
        if edit:
            row[notes] = f"Đã rà soát hồ sơ lưu trữ năm 2025 ({row[0]})"
        rows.append(row)
    return write_xlsx([Sheet("Dữ liệu", headers, rows)]), first


def status_file(edit=True):
    from ntm_portal.lib.spreadsheet import Sheet, write_xlsx
    from targets.imports.exports import STATUSES
    from targets.models import CommuneStatus

    first = list(CommuneStatus.objects.order_by("pk").values_list("pk", flat=True)[:ROWS])
    headers, dataset = STATUSES.table(CommuneStatus.objects.filter(pk__in=first))
    first_criterion = next(i for i, header in enumerate(headers) if header.startswith("TC"))
    rows = []
    for row in dataset:
        row = list(row)
        if edit:
            row[first_criterion] = "" if str(row[first_criterion]).strip() else "đạt"
        rows.append(row)
    return write_xlsx([Sheet("Dữ liệu", headers, rows)]), first


def participant_file(edit=False):
    """ROWS enterprises taking part in the movement (every row new on the first import)."""
    from emulation.imports import PARTICIPANT_COLUMNS
    from ntm_portal.lib.spreadsheet import Sheet, write_xlsx

    note = "Đăng ký bổ sung năm 2025" if edit else ""
    rows = [
        [f"DN{index:05d}", f"Doanh nghiệp số {index}", "Doanh nghiệp", "", "có", note]
        for index in range(ROWS)
    ]
    return write_xlsx([Sheet("Dữ liệu", PARTICIPANT_COLUMNS, rows)]), None


def registration_file(edit=False):
    """ROWS registration rows: the first ROWS / 2 enterprises (imported just before), two
    content areas each, in the final phase of 2025."""
    from emulation.imports import REGISTRATION_COLUMNS
    from ntm_portal.lib.spreadsheet import Sheet, write_xlsx

    rows = [
        ["Tổng kết", 2025, f"DN{index // 2:05d}", 1 + index % 2, f"Nội dung đăng ký {index}",
         "", "", ""]
        for index in range(ROWS)
    ]  # fmt: skip
    return write_xlsx([Sheet("Dữ liệu", REGISTRATION_COLUMNS, rows)]), None


def history_file(edit=False):
    """ROWS awards of ROWS different people of Vĩnh Thuận (every row a new nominee)."""
    from awards.importing import COLUMNS
    from ntm_portal.lib.spreadsheet import Sheet, write_xlsx

    rows = [
        ["Cá nhân", f"Nguyễn Văn Thử {index}", "Nam", 1960 + index % 40, "", "", "", "910",
         "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", 2022, f"{index}/QĐ-UBND",
         "15/03/2023", "Chủ tịch UBND tỉnh Kiên Giang"]
        for index in range(ROWS)
    ]  # fmt: skip
    return write_xlsx([Sheet("Dữ liệu", COLUMNS, rows)]), None


def remove(kind, ids):
    """Delete the records a file names (and the appraisals that point at them, and decisions
    left without recognitions), so that importing it back makes every row new."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE targets_appraisalrequest CASCADE")
        if kind == "certifications":
            cursor.execute("DELETE FROM targets_certification WHERE id = ANY(%s)", [ids])
            cursor.execute(
                "DELETE FROM targets_decision d WHERE NOT EXISTS "
                "(SELECT 1 FROM targets_certification c WHERE c.decision_id = d.id)"
            )
        else:
            cursor.execute("DELETE FROM targets_criterionresult WHERE status_id = ANY(%s)", [ids])
            cursor.execute("DELETE FROM targets_communestatus WHERE id = ANY(%s)", [ids])


def timed(work):
    """(result, wall seconds, CPU seconds of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def staff():
    """The importing account, provincial staff as on the web: history rows name it."""
    from django.contrib.auth import get_user_model

    from units.access import Role
    from units.models import Assignment

    user, created = get_user_model().objects.get_or_create(username="bench-importer")
    if created:
        Assignment.objects.create(user=user, role=Role.PROVINCE_STAFF)
    return user


def measure(kind, data):
    """Preview then confirm through the one pipeline (ntm_portal/lib/dataio), as the web does."""
    from ntm_portal.lib.dataio import pipeline
    from ntm_portal.lib.importing import RowOutcome

    user = staff()
    preview, preview_wall, preview_cpu = timed(
        lambda: pipeline.run(kind, data, "bench.xlsx", commit=False, user=user)
    )
    assert not preview.has_errors, preview.errors[:5]
    confirm, confirm_wall, confirm_cpu = timed(
        lambda: pipeline.run(kind, None, "bench.xlsx", commit=True, table=preview.table, user=user)
    )
    assert confirm.committed, confirm.errors[:5]
    return {
        "rows": len(preview.rows),
        "new": confirm.count(RowOutcome.NEW),
        "changed": confirm.count(RowOutcome.CHANGED),
        "preview": preview_wall,
        "preview_cpu": preview_cpu,
        "confirm": confirm_wall,
        "confirm_cpu": confirm_cpu,
    }


def load():
    """The machine's load average (1, 5 and 15 minutes) as uptime prints it."""
    return " / ".join(number(value, 2) for value in os.getloadavg())


def main():
    load_before = load()
    psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(f"CREATE DATABASE {DATABASE}")
    os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings")
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        prepare()
        results = []
        files = (
            ("certifications", "Quyết định công nhận", certification_file),
            ("statuses", "Kết quả tiêu chí của xã", status_file),
        )
        for kind, label, build in files:
            data, _ = build()
            edited = "ghi chú sửa ở mọi dòng" if kind == "certifications" else "một tiêu chí đổi"
            results.append((f"{label} ({edited})", kind, len(data), measure(kind, data)))
        for kind, label, build in files:
            # A first import: the same records, deleted beforehand (new decisions too).
            data, ids = build(edit=False)
            remove(kind, ids)
            results.append((f"{label} (mọi dòng mới)", kind, len(data), measure(kind, data)))
        # The other kinds of ntm_portal/lib/dataio/registry.py, each a first import.
        others = (
            ("participants", "Đơn vị tham gia thi đua", participant_file),
            ("registrations", "Đăng ký thi đua", registration_file),
            ("award-history", "Lịch sử khen thưởng", history_file),
        )
        for kind, label, build in others:
            data, _ = build()
            results.append((f"{label} (mọi dòng mới)", kind, len(data), measure(kind, data)))
        data, _ = participant_file(edit=True)
        results.append(
            ("Đơn vị tham gia thi đua (ghi chú sửa ở mọi dòng)", "participants", len(data),
             measure("participants", data))
        )  # fmt: skip
        from ntm_portal.lib.dataio.registry import KINDS

        missing = set(KINDS) - {kind for _label, kind, _size, _result in results}
        assert not missing, f"kinds without a benchmark row: {missing}"
    finally:
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    load_after = load()
    # One row per kind: its slowest file's rates (every kind must reach the goal on each file).
    by_kind = {}
    for _label, kind, _size, result in results:
        preview = result["rows"] / result["preview"]
        confirm = result["rows"] / result["confirm"]
        slowest = by_kind.setdefault(kind, [preview, confirm, 0])
        slowest[0], slowest[1] = min(slowest[0], preview), min(slowest[1], confirm)
        slowest[2] += 1
    lines = [
        f"## Imports of {number(ROWS)} rows, every kind (`make bench`)",
        "",
        f"Generated by `make bench` (scripts/bench_imports.py) on {today()}, PostgreSQL. The "
        f"machine's load average (1 / 5 / 15 min, as `uptime` prints it) was {load_before} when "
        f"the run started and {load_after} when it ended: it is shared, so wall times are noisy "
        "and the CPU time of the importing process is given beside them.",
        "",
        "One row per kind of `import_data --list`: the slowest of its files below.",
        "",
        "| kind | files | preview rows/s | confirm rows/s | ≥ 1.000 rows/s |",
        "|---|---:|---:|---:|---|",
    ]
    for kind, (preview, confirm, files_count) in by_kind.items():
        met = "met" if min(preview, confirm) >= 1000 else "NOT met"
        lines.append(
            f"| `{kind}` | {files_count} | {number(preview)} | {number(confirm)} | **{met}** |"
        )
    lines += [
        "",
        "Each file: reference data plus `generate_synthetic --scale national`; each kind "
        f"exported ({number(ROWS)} rows), edited on every row and imported back through "
        "`ntm_portal.lib.dataio.pipeline.run`, as the web import does: the preview reads the file "
        "and checks every row (nothing written), the confirm applies what the preview read "
        "(written in bulk, with edit history naming the importing account). Then a first import "
        "of each kind: the records of an unedited export deleted beforehand (for certifications, "
        "their decisions too), every row new (a status row creates 19 criteria results); and "
        "every other kind of `import_data --list` as a first import (participants: enterprises; "
        "registrations: two content areas for each of half of them; award history: one award "
        "for each of as many new people), participants again with a note changed. Wall time, "
        "and the CPU time of the importing process (the database server's work is in the wall "
        "time only). On the web a file of more than 2.000 rows is previewed and confirmed in "
        "the background (`ntm_portal/lib/dataio/jobs.py`), with its progress on the page.",
        "",
        "| file | rows | new | changed | size | preview s (CPU) | confirm s (CPU) | rows/s (confirm) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    goals = []
    for label, kind, size, result in results:
        rate = result["rows"] / result["confirm"]
        slowest = max(result["preview"], result["confirm"])
        lines.append(
            f"| {label} (`{kind}`) | {number(result['rows'])} | {number(result['new'])} | "
            f"{number(result['changed'])} | "
            f"{number(size / 1024)} KB | {number(result['preview'], 1)} "
            f"({number(result['preview_cpu'], 1)}) | {number(result['confirm'], 1)} "
            f"({number(result['confirm_cpu'], 1)}) | {number(rate)} |"
        )
        rate_preview = result["rows"] / result["preview"]
        goals.append(
            f"- {label} (`{kind}`): ≥ 1.000 rows/s (preview {number(rate_preview)}, confirm "
            f"{number(rate)}): **{'met' if min(rate, rate_preview) >= 1000 else 'NOT met'}**; "
            f"preview and confirm each < 15 s: **{'met' if slowest < 15 else 'NOT met'}**"
        )
    section = "\n".join([*lines, "", *goals])
    if ROWS == 10_000 and SCALE == "national":
        replace_section("imports", section)
    else:
        print("(BENCH_ROWS/BENCH_SCALE: a quick run, docs/benchmarks.md left as it is)")
    print(section)


if __name__ == "__main__":
    main()
