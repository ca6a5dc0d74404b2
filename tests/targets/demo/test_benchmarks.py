"""`manage.py run_benchmarks`: PostgreSQL only, the measuring harness, and the report."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from targets.demo.benchmarks import (
    DEFAULT_SERVER,
    database_url,
    goals,
    measure_pages,
    percentile,
    render_report,
    server_url,
)
from targets.demo.synthetic import Size, generate


def test_benchmark_refuses_a_database_that_is_not_postgresql(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://root@127.0.0.1/ntm")
    with pytest.raises(CommandError, match="chỉ chạy trên PostgreSQL.*mysql"):
        call_command("run_benchmarks")


def test_benchmark_uses_the_local_postgresql_server_when_database_url_is_unset_or_sqlite():
    assert server_url("") == DEFAULT_SERVER
    assert server_url("sqlite:///var/ntm_portal.sqlite3") == DEFAULT_SERVER
    assert server_url("postgres://u@db:5433/ntm") == "postgres://u@db:5433/ntm"
    assert database_url("postgres://u@db:5433/ntm", "ntm_bench_national") == (
        "postgres://u@db:5433/ntm_bench_national"
    )


def test_percentile_is_the_nearest_rank():
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert percentile([7.0], 0.9) == 7.0


@pytest.mark.django_db
def test_measure_pages_times_the_progress_pages_of_the_synthetic_plan_and_counts_queries(
    client, leadership
):
    generate(Size(1, 2, 6), plan_number="SYN-BENCH/KH")
    result = measure_pages("SYN-BENCH/KH", requests=3, warmup=1)
    dashboard = result["pages"]["dashboard"]
    assert dashboard["plan_shown"] and result["pages"]["district_progress"]["plan_shown"]
    assert 0 < dashboard["median_ms"] <= dashboard["p90_ms"]
    assert dashboard["requests"] == 3
    client.force_login(leadership)
    client.get(dashboard["url"])  # the account's assignment read once, as measure_pages' was
    with CaptureQueriesContext(connection) as captured:
        client.get(dashboard["url"])
    assert dashboard["queries"] == len(captured) > 0
    assert result["sizes"]["communes"] >= 6


def scale(dashboard_ms, dashboard_queries, district_queries=14):
    page = {
        "median_ms": dashboard_ms,
        "p90_ms": dashboard_ms + 5,
        "requests": 30,
        "plan_shown": True,
    }
    return {
        "plan": "SYN/KH",
        "scope": "15 district-level units, 116 communes",
        "generation_s": 2.5,
        "progress_ms": 900.0,
        "sizes": dict.fromkeys(
            [
                "provinces",
                "districts",
                "communes",
                "decisions",
                "certifications",
                "statuses",
                "results",
            ],
            1000,
        ),
        "pages": {
            "dashboard": {**page, "queries": dashboard_queries},
            "district_progress": {**page, "queries": district_queries},
        },
    }


def test_report_says_which_goals_are_met():
    machine = {
        "date": "01/07/2025", "cpus": 2, "cpu": "x", "ram": "4,0 GiB",
        "postgresql": "15.2", "python": "3.11", "django": "5.2",
    }  # fmt: skip
    met = {"province": scale(40.0, 12), "national": scale(85.5, 12)}
    assert [ok for _goal, ok in goals(met)] == [True, True, True]
    report = render_report(machine, met, server_is_default=True)
    assert "| national | `targets:dashboard` | 85,5 | 90,5 | 12 | 30 |" in report
    assert "1.000" in report and "(as in this run)" in report
    assert report.count("**met**") == 3
    missed = {"province": scale(40.0, 12), "national": scale(140.0, 15)}
    assert [ok for _goal, ok in goals(missed)] == [False, True, False]
    assert render_report(machine, missed, server_is_default=False).count("**not met**") == 2
