"""Imports of 10,000 rows on PostgreSQL (part of `make bench`, called by bench_hardening.py).

A throwaway database (`ntm_bench_imports`, or BENCH_DATABASE; dropped afterwards) with the
reference data and the national-scale synthetic data (`generate_synthetic --scale national`).
Each kind is exported (10,000 rows), edited the way a district would edit it (a note on every
certification; one criterion changed on every commune-year), and imported back through
`run_import` as the web import does: a preview that reads the file (nothing written), then the
confirm, which applies what the preview read without parsing the file again (everything written,
with history). Wall and CPU time (user + system of this process; the database server's work
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
from benchmarks_doc import replace_section  # noqa: E402

SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DATABASE", "ntm_bench_imports")
ROWS = 10_000


def psql(sql):
    subprocess.run(["psql", f"{SERVER}/postgres", "-qc", sql], check=True, capture_output=True)


def number(value, digits=0):
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def prepare():
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)
    quiet = io.StringIO()
    call_command("load_reference_data", verbosity=0, stdout=quiet)
    call_command("generate_synthetic", "--scale", "national", stdout=quiet)


def certification_file():
    from ntm_portal.lib.spreadsheet import Sheet, write_xlsx
    from targets.imports.resources import CertificationResource, export_dataset
    from targets.models import Certification

    resource = CertificationResource()
    first = Certification.objects.order_by("pk").values_list("pk", flat=True)[:ROWS]
    dataset = export_dataset(resource, Certification.objects.filter(pk__in=list(first)))
    headers = list(dataset.headers)
    notes = headers.index("Ghi chú")
    rows = []
    for row in dataset:
        row = list(row)
        row[notes] = f"Đã rà soát hồ sơ lưu trữ năm 2025 ({row[0]})"
        rows.append(row)
    return write_xlsx([Sheet("Dữ liệu", headers, rows)]), len(rows)


def status_file():
    from ntm_portal.lib.spreadsheet import Sheet, write_xlsx
    from targets.imports.resources import CommuneStatusResource, export_dataset
    from targets.models import CommuneStatus

    resource = CommuneStatusResource()
    first = CommuneStatus.objects.order_by("pk").values_list("pk", flat=True)[:ROWS]
    dataset = export_dataset(resource, CommuneStatus.objects.filter(pk__in=list(first)))
    headers = list(dataset.headers)
    first_criterion = next(i for i, header in enumerate(headers) if header.startswith("TC"))
    rows = []
    for row in dataset:
        row = list(row)
        row[first_criterion] = "" if str(row[first_criterion]).strip() else "đạt"
        rows.append(row)
    return write_xlsx([Sheet("Dữ liệu", headers, rows)]), len(rows)


def timed(work):
    """(result, wall seconds, CPU seconds of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def measure(kind, data):
    from targets.imports.engine import RowOutcome, run_import

    preview, preview_wall, preview_cpu = timed(
        lambda: run_import(kind, data, "bench.xlsx", commit=False)
    )
    assert not preview.has_errors, preview.errors[:5]
    confirm, confirm_wall, confirm_cpu = timed(
        lambda: run_import(kind, data, "bench.xlsx", commit=True, table=preview.table)
    )
    assert confirm.committed, confirm.errors[:5]
    return {
        "rows": len(preview.rows),
        "changed": confirm.count(RowOutcome.CHANGED),
        "preview": preview_wall,
        "preview_cpu": preview_cpu,
        "confirm": confirm_wall,
        "confirm_cpu": confirm_cpu,
    }


def main():
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
        for kind, label, build in (
            ("certifications", "Quyết định công nhận (ghi chú sửa ở mọi dòng)", certification_file),
            ("statuses", "Kết quả tiêu chí của xã (một tiêu chí đổi ở mọi dòng)", status_file),
        ):
            data, _ = build()
            results.append((label, kind, len(data), measure(kind, data)))
    finally:
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    lines = [
        "## Imports of 10,000 rows (`make bench`)",
        "",
        f"Generated by `make bench` (scripts/bench_imports.py) on {time.strftime('%d/%m/%Y')}: "
        "PostgreSQL, reference data plus `generate_synthetic --scale national`; each kind "
        "exported, edited on every row and imported back through `run_import`, as the web import "
        "does: the preview reads the file and checks every row (nothing written), the confirm "
        "applies what the preview read (written in bulk, with edit history). Wall time, and the "
        "CPU time of the importing process (the database server's work is in the wall time only; "
        "the machine may be shared, so wall time is noisy).",
        "",
        "| file | rows | changed | size | preview s (CPU) | confirm s (CPU) | rows/s (confirm) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    goals = []
    for label, kind, size, result in results:
        rate = result["rows"] / result["confirm"]
        slowest = max(result["preview"], result["confirm"])
        lines.append(
            f"| {label} (`{kind}`) | {number(result['rows'])} | {number(result['changed'])} | "
            f"{number(size / 1024)} KB | {number(result['preview'], 1)} "
            f"({number(result['preview_cpu'], 1)}) | {number(result['confirm'], 1)} "
            f"({number(result['confirm_cpu'], 1)}) | {number(rate)} |"
        )
        rate_preview = result["rows"] / result["preview"]
        goals.append(
            f"- `{kind}`: ≥ 1.000 rows/s (preview {number(rate_preview)}, confirm {number(rate)}): "
            f"**{'met' if min(rate, rate_preview) >= 1000 else 'NOT met'}**; preview and confirm "
            f"each < 15 s: **{'met' if slowest < 15 else 'NOT met'}**"
        )
    section = "\n".join([*lines, "", *goals])
    replace_section("imports", section)
    print(section)


if __name__ == "__main__":
    main()
