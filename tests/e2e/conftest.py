"""Browser tests in headless Chromium (Debian's package), driven by Playwright.

Skipped with a reason when Chromium is not installed — except under CI (CI=true), where a missing
browser fails the run instead, so that browser tests cannot silently stop running (.ci/run).
Every failing browser test leaves a full-page screenshot of each open page in
var/test-artifacts/ (or $NTM_ARTIFACTS).
"""

import io
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test.testcases import QuietWSGIRequestHandler

# Debian's headless shell of Chromium (package chromium-headless-shell: the same Blink without the
# browser's own layers; the crawl of every page takes a fifth less CPU time in it), else Chromium.
CHROMIUM = (
    shutil.which("chromium-headless-shell")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SCREENSHOTS = os.environ.get("NTM_SCREENSHOTS")
ARTIFACTS = Path(
    os.environ.get("NTM_ARTIFACTS") or Path(settings.BASE_DIR) / "var" / "test-artifacts"
)


def require(tool, found, how):
    """Skip without `tool` on a workstation; fail under CI, where it must be installed."""
    if found:
        return
    message = f"{tool} chưa được cài ({how})"
    if IN_CI:
        pytest.fail(f"{message}: CI phải chạy kiểm thử trình duyệt.", pytrace=False)
    pytest.skip(message)


def shot(page, name):
    """A full-page screenshot for looking at, when NTM_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def failure_shot(page, name):
    """A screenshot kept for a failure; returns its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / (re.sub(r"[^\w.-]+", "_", name)[:150] + ".png")
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception:  # noqa: BLE001 — a closed page must not hide the test's own failure
        return None
    return path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def failed(request):
    report = getattr(request.node, "report_call", None)
    return report is not None and report.failed


@pytest.fixture(scope="session")
def browser():
    require("Chromium", CHROMIUM, "apt-get install chromium")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=10_000)

    # Playwright's sync API runs an event loop; Django must still allow its ORM in the test thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _plain_http():
    """The live server speaks plain HTTP: its middleware is built once, when it starts, so the
    production HTTPS redirect must be off before then (tests/conftest.py turns it off per test)."""
    saved = settings.SECURE_SSL_REDIRECT
    settings.SECURE_SSL_REDIRECT = False
    yield
    settings.SECURE_SSL_REDIRECT = saved


@pytest.fixture(scope="session")
def _no_delayed_answers():
    """The live server sends each answer at once (TCP_NODELAY on its connections, as gunicorn's
    are in production). Django's test server writes an answer's headers and its body in two
    writes; with Nagle's algorithm the body waited for the browser's delayed acknowledgement,
    about 40 ms an answer: 63 ms a request of the crawl's link check instead of 14."""
    saved = QuietWSGIRequestHandler.disable_nagle_algorithm
    QuietWSGIRequestHandler.disable_nagle_algorithm = True
    yield
    QuietWSGIRequestHandler.disable_nagle_algorithm = saved


@pytest.fixture(scope="session")
def live_server(_plain_http, _no_delayed_answers, live_server):
    return live_server


# Copies of the test database taken once per worker (name → in-memory SQLite database).
_SNAPSHOTS = {}


def _load_reference_data():
    from units.models import Unit

    if not Unit.objects.exists():
        call_command("load_reference_data", stdout=io.StringIO())


def _load_demo():
    for command in ("load_demo_accounts", "load_demo_history"):
        call_command(command, stdout=io.StringIO())


def restore_or_build(name, build):
    """Bring the test database to the state `build()` makes, building it once per worker.

    Transactional tests end by emptying the database. The state after `build()` is copied aside
    the first time and copied back for every later test, instead of loading it again (1–12 s):
    on the in-memory SQLite test database with SQLite's backup API (milliseconds), on PostgreSQL
    into tables of a schema of its own (a second or less, see `_PostgresSnapshot`).
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    if connection.vendor == "postgresql":
        snapshot = _SNAPSHOTS.get(name)
        if snapshot is None:
            build()
            _SNAPSHOTS[name] = _PostgresSnapshot(name)
        else:
            snapshot.restore()
        ContentType.objects.clear_cache()
        return
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        build()
        return
    connection.ensure_connection()
    snapshot = _SNAPSHOTS.get(name)
    if snapshot is None:
        build()
        snapshot = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(snapshot)
        _SNAPSHOTS[name] = snapshot
    else:
        snapshot.backup(connection.connection)
    # The flush that ended the previous test re-created the content types under other ids.
    ContentType.objects.clear_cache()


class _PostgresSnapshot:
    """The rows of every table of the test database, copied into the schema `e2e_<name>` of the
    same database (Django sees only the tables of its search path, so a flush leaves them alone).

    Restoring empties the tables and copies the rows back in one transaction: Django's foreign
    keys are DEFERRABLE INITIALLY DEFERRED, checked once at the end whatever the order. Sequences
    are left where they are: they only grow, so a new row never takes a restored row's id.
    """

    def __init__(self, name):
        from django.db import connection

        self.schema = connection.ops.quote_name(f"e2e_{name}")
        self.tables = connection.introspection.django_table_names(only_existing=True)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {self.schema}")
            for table in self.tables:
                quoted = connection.ops.quote_name(table)
                cursor.execute(f"CREATE TABLE {self.schema}.{quoted} AS TABLE {quoted}")

    def restore(self):
        from django.db import connection, transaction

        quoted = [connection.ops.quote_name(table) for table in self.tables]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(quoted)}")
            for table in quoted:
                cursor.execute(f"INSERT INTO {table} SELECT * FROM {self.schema}.{table}")


@pytest.fixture(scope="module", autouse=True)
def _reference_data_after_the_module(django_db_blocker):
    """A browser module leaves its worker's test database as it found it: the reference data
    the session loaded (tests/conftest.py), brought back from the snapshot after the flush that
    ended its last transactional test. The tests after it on the worker, in any order, start from
    the database they expect; so the long crawl can start first, while the short tests fill the
    other workers around it (tests/conftest.py, pytest_collection_modifyitems)."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        restore_or_build("reference", _load_reference_data)
        # As a transactional test leaves it: closed (on PostgreSQL, a session left open here
        # kept the test database from being dropped at the end of the run; an in-memory SQLite
        # test database ignores the close).
        connections.close_all()


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Every browser test starts on the reference data (and nothing else)."""
    restore_or_build("reference", _load_reference_data)


@pytest.fixture
def demo_data(reference_data):
    """The reference data, the demo accounts and the demo history (`make run`'s database without
    the movement and awards demos)."""
    restore_or_build("demo", _load_demo)


@pytest.fixture
def page_at(browser, request):
    """Pages at a given width: `page_at(390)` is a phone, anything wider a desktop."""
    contexts = []

    def open_page(width, height=None):
        phone = width < 576
        context = browser.new_context(
            locale="vi-VN",
            viewport={"width": width, "height": height or (800 if phone else 900)},
            is_mobile=phone,
            has_touch=phone,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield open_page
    for number, context in enumerate(contexts):
        if failed(request):
            for page in context.pages:
                failure_shot(page, f"{request.node.name}-{number}")
        context.close()


@pytest.fixture
def page(page_at):
    return page_at(1280)


@pytest.fixture
def phone_page(page_at):
    return page_at(375, 740)


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
