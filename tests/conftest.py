"""The fixed cast of the suite: the reference data and one user per role."""

import io
import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from units.access import Role
from units.models import Assignment, Unit

PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data once for the whole session, the same way `make run` does."""
    with django_db_blocker.unblock():
        call_command("load_reference_data", verbosity=0, stdout=io.StringIO())


def make_user(username, role=None, district_code=None):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=username
    )
    if role:
        unit = Unit.objects.get(code=district_code) if district_code else None
        Assignment.objects.create(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def province_staff(db):
    return make_user("tinh", Role.PROVINCE_STAFF)


@pytest.fixture
def officer(db):
    """A district officer of Vĩnh Thuận (910)."""
    return make_user("huyen.vinhthuan", Role.DISTRICT_OFFICER, "910")


@pytest.fixture
def other_officer(db):
    """A district officer of An Biên (908)."""
    return make_user("huyen.anbien", Role.DISTRICT_OFFICER, "908")


@pytest.fixture
def leadership(db):
    return make_user("lanhdao", Role.LEADERSHIP)


@pytest.fixture
def administrator(db):
    user = make_user("quantri")
    user.is_superuser = user.is_staff = True
    user.save()
    return user


@pytest.fixture
def unassigned(db):
    return make_user("chuaphanquyen")


@pytest.fixture
def cast(province_staff, officer, other_officer, leadership, administrator):
    return {
        "province_staff": province_staff,
        "officer": officer,
        "other_officer": other_officer,
        "leadership": leadership,
        "administrator": administrator,
    }


@pytest.fixture
def plan(db):
    from targets.models import Plan

    return Plan.objects.get(number="168/KH-UBND")


def status_as(client, user, method, url, data=None):
    """The status code a user gets for a request (None: anonymous)."""
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code, response


def wider_scope_settings(tmp_path_factory, name):
    """The settings the autouse fixtures below give each test, for a fixture of wider scope
    (module, class) that builds data before any test's own fixtures run: MD5 passwords, plain
    HTTP and unhashed static URLs, a PDF cache of its own and the tests' render time budget. Use
    as a context manager around the fixture's work."""
    from django.conf import settings
    from django.test import override_settings

    return override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        SECURE_SSL_REDIRECT=False,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        NTM_PDF_CACHE_DIR=tmp_path_factory.mktemp(f"pdf-cache-{name}"),
        NTM_PDF_SECONDS=300,
    )


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tests hash passwords with MD5 (the suite spent most of its time in PBKDF2) and talk plain
    HTTP to the test client and the live server (production redirects to HTTPS)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Tests run without `collectstatic`, so static URLs are served unhashed."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_runtest_makereport(item, call):
    """Under CI (CI=true) a skipped test is a failure: a missing service (Chromium, Redis,
    PostgreSQL) must not pass unnoticed."""
    if call.excinfo is None or not call.excinfo.errisinstance(pytest.skip.Exception):
        return None
    if os.environ.get("CI", "").lower() not in {"1", "true", "yes"}:
        return None
    from _pytest.reports import TestReport

    report = TestReport.from_item_and_call(item, call)
    report.outcome = "failed"
    report.longrepr = f"Bỏ qua kiểm thử trong CI là lỗi: {call.excinfo.value}"
    return report


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The order of the run, and the groups pytest-xdist keeps on one worker.

    The tests of an `xdist_group` (a module-scoped crawl, a rendering shared by its tests) and
    the tests marked `long` first, the browser crawl among them, so that the long units start
    while the short tests can still fill in around them; the other browser tests last, where
    their few seconds each even out the workers' ends. A browser test's live server needs a
    transactional test, which empties the database (reference data included) when it ends; each
    browser module puts the reference data back after its last test (tests/e2e/conftest.py), so
    the tests after it on the worker find what they expect.

    `--dist loadgroup` sends the tests of one `xdist_group` to one worker by the suffix
    "@<group>" of their ids, which pytest-xdist sets on `item._nodeid`; since pytest 9.2 the id
    lives in `item._id` and that assignment is silently lost (pytest-dev/pytest-xdist#1386), so
    every worker that got part of a group paid its module-scoped setup again. The suffix is set
    here, and a run that cannot set it stops instead of spreading a group silently.
    """

    def rank(item):
        browser = "/e2e/" in str(item.fspath)
        if item.get_closest_marker("xdist_group") or item.get_closest_marker("long"):
            return 0 if browser else 1  # the crawl, the longest, first of all
        return 3 if browser else 2

    items.sort(key=rank)
    if not getattr(config.option, "loadgroup", False):  # set on the workers of --dist loadgroup
        return
    for item in items:
        names = {
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        }
        if not names:
            continue
        suffix = "@" + "_".join(sorted(names))
        if not item.nodeid.endswith(suffix):
            item._id = type(item._id).parse(item.nodeid + suffix)
        if not item.nodeid.endswith(suffix):
            raise pytest.UsageError(
                f"{item.nodeid}: pytest-xdist's group suffix could not be set; the tests of an "
                "xdist_group would run on several workers (see tests/conftest.py)"
            )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Login throttling counts in the cache; every test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_pdf_cache(settings, tmp_path_factory):
    """Every test keeps its printed documents apart (ntm_portal/lib/pdf.py): a data version seen
    in one test may name other data in the next, whose rows rolled back. The time budget of a
    render is a production bound; on a test machine running many suites at once a one-second
    document took over 20 s, so tests allow 5 minutes unless they test the bound itself."""
    settings.NTM_PDF_CACHE_DIR = tmp_path_factory.mktemp("pdf-cache")
    # The file cache a failing Redis falls back to (ntm_portal/lib/cache.py), apart too.
    settings.NTM_CACHE_FALLBACK_DIR = settings.NTM_PDF_CACHE_DIR.with_name(
        settings.NTM_PDF_CACHE_DIR.name + "-cache-fallback"
    )
    settings.NTM_PDF_SECONDS = 300


# NTM_TEST_CPU=<file>: each test's CPU seconds (setup, call and teardown) are written to
# <file>.<worker> as "node id<TAB>CPU s<TAB>wall s"; `scripts/time_tests.py --per-file <file>`
# sums them per test file. Off unless the variable is set (reading /proc costs a few ms a test).
CPU_LOG = os.environ.get("NTM_TEST_CPU")


def _scripts():
    import sys
    from pathlib import Path

    scripts = str(Path(__file__).resolve().parent.parent / "scripts")
    if scripts not in sys.path:
        sys.path.append(scripts)


if CPU_LOG:
    # Orphaned descendants (Chromium's, once its browser closes) stay in this process's tree as
    # zombies with their time, instead of taking it away from the readings (scripts/proc_cpu.py).
    _scripts()
    from proc_cpu import become_subreaper

    become_subreaper()


def tree_cpu_seconds():
    """CPU seconds (user + system) of this process, of its children already reaped, and of every
    living descendant with the children it reaped (Chromium under Playwright's driver, a PDF
    render's fork, a gunicorn under a script). A descendant that ends moves its time into its
    parent's reaped count, or, orphaned, stays a zombie child of this process with its time (a
    subreaper, see above), so the sum only grows."""
    import resource

    _scripts()
    from proc_cpu import descendants, process_table

    total = sum(
        usage.ru_utime + usage.ru_stime
        for usage in (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
    )
    table = process_table(reaped=True)
    return total + sum(table[pid][1] for pid in descendants(table, os.getpid()))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    if not CPU_LOG:
        return (yield)
    import time

    cpu, wall = tree_cpu_seconds(), time.monotonic()
    try:
        return (yield)
    finally:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        with open(f"{CPU_LOG}.{worker}", "a", encoding="utf-8") as log:
            log.write(
                f"{item.nodeid}\t{tree_cpu_seconds() - cpu:.3f}\t{time.monotonic() - wall:.3f}\n"
            )
