"""`make bench` (`manage.py run_benchmarks`): the dashboard, a district's page and the `progress` command, timed on
PostgreSQL at the size of one province and of the whole country.

Each scale gets a throwaway database on the server of DATABASE_URL (migrated, loaded with the
reference data and `generate_synthetic`, dropped at the end). The pages are measured in a child
process that runs against that database, with Django's test Client: server time only, no network
or browser. The `progress` command is timed as a whole process, start-up included.
"""

import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import django
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ntm_portal.lib.numbers import decimal, integer
from targets.demo.synthetic import SCALES

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
PLAN_NUMBERS = {"province": "SYN-PROVINCE/KH", "national": "SYN-NATIONAL/KH"}
YEAR = 2025
DASHBOARD_GOAL_MS = 100
PROGRESS_RUNS = 5
MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
BENCH_USERNAME = "bench.lanhdao"


class BenchmarkError(Exception):
    """A benchmark that could not run; the message says why, in Vietnamese."""


def server_url(database_url):
    """The PostgreSQL server to create the throwaway databases on.

    Without DATABASE_URL, or with the default SQLite one, the local server is used; any other
    database is refused, since the figures are meant for the production database.
    """
    if not database_url or database_url.startswith("sqlite"):
        return DEFAULT_SERVER
    scheme = urlsplit(database_url).scheme
    if scheme not in POSTGRES_SCHEMES:
        raise BenchmarkError(
            f"Đo hiệu năng chỉ chạy trên PostgreSQL; DATABASE_URL đang trỏ tới “{scheme}”. "
            f"Hãy đặt DATABASE_URL=postgres://… (mặc định dùng {DEFAULT_SERVER})."
        )
    return database_url


def libpq_url(url):
    """The URL as libpq (psycopg2) reads it: it knows postgres:// and postgresql:// only."""
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, parts.fragment))


def database_url(server, name):
    parts = urlsplit(server)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@dataclass
class Measurement:
    median_ms: float
    p90_ms: float
    queries: int
    requests: int


def percentile(values, share):
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure(client, url, *, requests, warmup):
    """Server time (median, p90, in ms) over `requests` GETs after `warmup`, and the queries of one."""
    for _ in range(warmup):
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    # Read now: the next request's request_started signal empties the connection's query log.
    queries = len(captured)
    if response.status_code != 200:
        raise BenchmarkError(f"{url} trả về mã {response.status_code}, không đo được.")
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return Measurement(
        median_ms=statistics.median(times),
        p90_ms=percentile(times, 0.9),
        queries=queries,
        requests=requests,
    )


def data_sizes():
    from targets.models import Certification, CommuneStatus, CriterionResult, Decision
    from units.models import Unit

    return {
        "provinces": Unit.objects.provinces().count(),
        "districts": Unit.objects.districts().count(),
        "communes": Unit.objects.communes().count(),
        "decisions": Decision.objects.count(),
        "certifications": Certification.objects.count(),
        "statuses": CommuneStatus.objects.count(),
        "results": CriterionResult.objects.count(),
    }


def measure_pages(plan_number, *, requests, warmup):
    """Dashboard and one district's page of the plan, seen by a leadership account."""
    from targets.models import Plan
    from units.access import Role
    from units.models import Assignment, Unit

    plan = Plan.objects.get(number=plan_number)
    district = (
        Unit.objects.districts()
        .filter(parent=plan.scope, kind=Unit.Kind.HUYEN)
        .order_by("code")
        .first()
    )
    user, _created = get_user_model().objects.get_or_create(username=BENCH_USERNAME)
    Assignment.objects.get_or_create(user=user, defaults={"role": Role.LEADERSHIP})
    client = Client()
    client.force_login(user)
    query = f"?plan={quote(plan.number)}&year={YEAR}"
    pages = {
        "dashboard": reverse("targets:dashboard") + query,
        "district_progress": reverse("targets:district_progress", args=[district.code]) + query,
    }
    measured = {}
    for name, url in pages.items():
        # The dashboard falls back to the first plan on a bad ?plan=: make sure it is ours.
        shown = plan.number in client.get(url).content.decode()
        measured[name] = {
            **asdict(measure(client, url, requests=requests, warmup=warmup)),
            "url": url,
            "plan_shown": shown,
        }
    return {"pages": measured, "district": f"{district} ({district.code})", "sizes": data_sizes()}


def machine(server):
    import psycopg2

    with psycopg2.connect(libpq_url(server)) as conn, conn.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (pg_version,) = cursor.fetchone()
    conn.close()
    meminfo = Path("/proc/meminfo")
    ram = "?"
    if meminfo.exists():
        kb = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "ram": ram,
        "postgresql": pg_version,
        "python": platform.python_version(),
        "django": django.get_version(),
        "date": timezone.localdate().strftime("%d/%m/%Y"),
    }


def _fmt(value):
    return decimal(value, 1)


def _int(value):
    return integer(value)


def render_report(machine_info, scales, *, server_is_default):
    """docs/benchmarks.md from the measurements of each scale."""
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`manage.py run_benchmarks --output docs/benchmarks.md`); do not",
        "edit by hand. Each scale runs in a throwaway PostgreSQL database (`ntm_bench_<scale>`,",
        "dropped afterwards) loaded with the reference data and `manage.py generate_synthetic`.",
        "Pages are requested with Django's test Client as a leadership account, so the times are",
        "server time (views, queries, templates) without network or browser; `DEBUG` is off.",
        "",
        "DATABASE_URL must point to PostgreSQL; when it is unset or SQLite, the local server "
        f"`{DEFAULT_SERVER}` is used" + (" (as in this run)." if server_is_default else "."),
        "",
        "## Machine",
        "",
        f"- Date: {machine_info['date']}",
        f"- CPUs (nproc): {machine_info['cpus']} ({machine_info['cpu']})",
        f"- RAM: {machine_info['ram']}",
        f"- PostgreSQL {machine_info['postgresql']}, Python {machine_info['python']}, "
        f"Django {machine_info['django']}",
        "",
        "## Data",
        "",
        "| scale | plan | provinces | district-level units | communes | decisions | certifications | commune-years | criterion results | plan's province | generation |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for scale, result in scales.items():
        s = result["sizes"]
        lines.append(
            f"| {scale} | {result['plan']} | {_int(s['provinces'])} | {_int(s['districts'])} | "
            f"{_int(s['communes'])} | {_int(s['decisions'])} | {_int(s['certifications'])} | "
            f"{_int(s['statuses'])} | {_int(s['results'])} | {result['scope']} | "
            f"{_fmt(result['generation_s'])} s |"
        )
    lines += [
        "",
        "The reference data (Kiên Giang, Plan 168) is loaded too. Synthetic units have codes",
        "starting with “S”; the synthetic plan covers the first synthetic province, and at national",
        "scale that province is a large one (27 district-level units, 550 communes) while the other",
        "59 provinces fill the tables to national size. Times in milliseconds, decimal comma.",
        "",
        "## Results",
        "",
        "| scale | what | median ms | p90 ms | queries | runs |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for scale, result in scales.items():
        for name, page in result["pages"].items():
            note = "" if page["plan_shown"] else " (synthetic plan not shown!)"
            lines.append(
                f"| {scale} | `targets:{name}`{note} | {_fmt(page['median_ms'])} | "
                f"{_fmt(page['p90_ms'])} | {page['queries']} | {page['requests']} |"
            )
        lines.append(
            f"| {scale} | `manage.py progress --plan {result['plan']} --year {YEAR} --format json` "
            f"(whole process) | {_fmt(result['progress_ms'])} | — | — | {PROGRESS_RUNS} |"
        )
    lines += ["", "## Goals", ""]
    for goal, met in goals(scales):
        lines.append(f"- {goal}: **{'met' if met else 'not met'}**")
    lines.append("")
    return "\n".join(lines)


def goals(scales):
    """(goal, met) pairs; a goal that needs a scale that was not run is left out."""
    found = []
    if len(scales) > 1:
        for page in ("dashboard", "district_progress"):
            counts = {scale: result["pages"][page]["queries"] for scale, result in scales.items()}
            listed = ", ".join(f"{scale} {count}" for scale, count in counts.items())
            found.append(
                (
                    f"query count of `targets:{page}` constant across scales ({listed})",
                    len(set(counts.values())) == 1,
                )
            )
    if "national" in scales:
        median = scales["national"]["pages"]["dashboard"]["median_ms"]
        found.append(
            (
                f"dashboard median < {DASHBOARD_GOAL_MS} ms at national scale ({_fmt(median)} ms)",
                median < DASHBOARD_GOAL_MS
                and scales["national"]["pages"]["dashboard"]["plan_shown"],
            )
        )
    return found


def run_scale(scale, server, *, seed, requests, warmup, keep, log):
    """Prepare a throwaway database for one scale, measure it, drop it; the measurements."""
    name = f"ntm_bench_{scale}"
    env = {**os.environ, "DATABASE_URL": database_url(server, name), "DJANGO_DEBUG": "0"}
    plan = PLAN_NUMBERS[scale]
    admin(server, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
    try:
        log(f"[{scale}] chuẩn bị cơ sở dữ liệu {name}…")
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "load_reference_data", "-v0")
        started = time.perf_counter()
        manage(
            env,
            "generate_synthetic",
            "--scale",
            scale,
            "--seed",
            str(seed),
            "--plan-number",
            plan,
        )
        generation = time.perf_counter() - started
        # Bulk-loaded tables have no planner statistics until autovacuum reaches them; a
        # database in service has them, so the pages are measured with them.
        admin(database_url(server, name), "ANALYZE")
        log(f"[{scale}] đo các trang…")
        measured = json.loads(
            manage(
                env,
                "run_benchmarks",
                "--measure-plan",
                plan,
                "--requests",
                str(requests),
                "--warmup",
                str(warmup),
            )
            .strip()
            .splitlines()[-1]
        )
        log(f"[{scale}] đo lệnh progress…")
        runs = []
        for _ in range(PROGRESS_RUNS):
            started = time.perf_counter()
            output = manage(
                env, "progress", "--plan", plan, "--year", str(YEAR), "--format", "json"
            )
            runs.append((time.perf_counter() - started) * 1000)
            json.loads(output)
    finally:
        if not keep:
            admin(server, f'DROP DATABASE IF EXISTS "{name}"')
    size = SCALES[scale]
    scope_size = (
        f"{size.scope_districts or size.districts} district-level units, "
        f"{size.scope_communes or size.communes} communes"
    )
    return {
        **measured,
        "plan": plan,
        "scope": scope_size,
        "generation_s": generation,
        "progress_ms": statistics.median(runs),
    }


def manage(env, *arguments):
    completed = subprocess.run(
        [sys.executable, MANAGE, *arguments],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise BenchmarkError(
            f"Lệnh manage.py {' '.join(arguments)} thất bại (mã {completed.returncode}):\n"
            f"{completed.stderr.strip() or completed.stdout.strip()}"
        )
    return completed.stdout


def admin(server, *statements):
    import psycopg2

    conn = psycopg2.connect(libpq_url(server))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        conn.close()
