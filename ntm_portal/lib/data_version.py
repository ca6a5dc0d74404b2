"""A data version for caches, bumped after every committed write, and a cache keyed on it.

The version is read in one query: a counter (`DataVersion.number`) and the newest row of every
edit-history table. Every save or delete of a model of the portal's apps (not sessions, login
attempts, the admin log…) schedules one bump of the counter when its transaction commits (one
per transaction, however many rows it wrote), which covers writes whose history rows were
numbered before another transaction's; the history tables cover what the writing transaction
itself reads back, deletions, and bulk writes with history. Bulk writes that send no signal and
write no history call `bump()`. A reader looks up `cached(parts, compute)` under the version: a
result computed before a write is never served after it commits, and nothing expires on a timer.
"""

import hashlib
import logging
import threading
from functools import lru_cache

from django.apps import apps
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, connection, models, transaction
from django.db.models.signals import post_delete, post_save

logger = logging.getLogger("ntm_portal.data_version")

# Models whose writes do not change what the portal reports.
IGNORED_APPS = {"sessions", "axes", "admin", "contenttypes", "auth", "ntm_portal"}


@lru_cache(maxsize=1)
def _version_sql():
    """One query: the committed-write counter and the newest history row of every history
    table (visible inside the writer's own transaction too, and raised by deletions)."""
    from ntm_portal.models import DataVersion

    quote = connection.ops.quote_name
    parts = [f"(SELECT {quote('number')} FROM {quote(DataVersion._meta.db_table)} WHERE id = 1)"]
    for model in apps.get_models():
        if model.__name__.startswith("Historical") and model._meta.app_label not in IGNORED_APPS:
            table, pk = model._meta.db_table, model._meta.pk.column
            parts.append(f"(SELECT MAX({quote(pk)}) FROM {quote(table)})")
    return "SELECT " + ", ".join(parts)


# On PostgreSQL the query is prepared once per database connection (connections live for
# CONN_MAX_AGE) and then only executed: planning its fifty subqueries cost 15–20 ms of the
# database's CPU on every page (issue #22, measured on the demo data under load), executing it
# 2 ms. A prepared statement belongs to the database session and outlives a rolled-back
# transaction, so it is kept for as long as the same raw connection is.
_PREPARED_NAME = "ntm_data_version"


def _version_statement(cursor):
    """The SQL to run for the version on this connection (preparing it the first time)."""
    if connection.vendor != "postgresql":
        return _version_sql()
    raw = connection.connection
    if getattr(connection, "_ntm_data_version_prepared", None) is not raw:
        cursor.execute(f"PREPARE {_PREPARED_NAME} AS {_version_sql()}")
        connection._ntm_data_version_prepared = raw
    return f"EXECUTE {_PREPARED_NAME}"


# Within one request the version is read once (the view's cached numbers and the template's
# cached fragments share it) unless the request itself writes; outside requests it is read on
# every call. Thread-local: each gunicorn thread serves one request at a time.
_memo = threading.local()


def _start_memo(**kwargs):
    _memo.active = True
    _memo.version = None
    # The transactions open when the request started (none in production; the test's own in
    # the suite, which nothing rolls back during the request): a version read inside one the
    # request opens itself is not kept, as that one may yet roll back.
    _memo.depth = len(connection.atomic_blocks)


def _stop_memo(**kwargs):
    _memo.active = False
    _memo.version = None


def _forget():
    _memo.version = None


def current():
    """The data version now, as a short text (None when the database cannot say)."""
    if getattr(_memo, "active", False) and _memo.version is not None:
        return _memo.version
    try:
        with connection.cursor() as cursor:
            cursor.execute(_version_statement(cursor))
            row = cursor.fetchone()
    except DatabaseError:
        return None
    version = hashlib.blake2b(repr(row).encode(), digest_size=8).hexdigest()
    if getattr(_memo, "active", False) and len(connection.atomic_blocks) <= _memo.depth:
        # Not inside a transaction the request opened, which may yet roll back what it saw.
        _memo.version = version
    return version


def bump():
    """Raise the version now (after a commit, or for bulk writes that send no signal)."""
    from ntm_portal.models import DataVersion

    _forget()
    try:
        updated = DataVersion.objects.filter(pk=1).update(number=models.F("number") + 1)
        if not updated:
            DataVersion.objects.get_or_create(pk=1, defaults={"number": 1})
    except DatabaseError as error:
        logger.error("Không tăng được phiên bản dữ liệu: %s", error)


def _bump_after_commit():
    bump()


def _on_write(sender, **kwargs):
    if sender._meta.app_label in IGNORED_APPS or kwargs.get("raw"):
        return
    _forget()
    if sender._meta.apps is not apps:
        return  # a migration's historical model: the tables may not all exist yet
    if not connection.in_atomic_block:
        bump()
        return
    # One bump per transaction; a rollback drops it with the rest of the transaction's callbacks.
    if any(item[1] is _bump_after_commit for item in connection.run_on_commit):
        return
    transaction.on_commit(_bump_after_commit)


def connect():
    post_save.connect(_on_write, dispatch_uid="ntm_portal.data_version.save")
    post_delete.connect(_on_write, dispatch_uid="ntm_portal.data_version.delete")
    request_started.connect(_start_memo, dispatch_uid="ntm_portal.data_version.request_started")
    request_finished.connect(_stop_memo, dispatch_uid="ntm_portal.data_version.request_finished")


def cached(parts, compute, *, timeout=24 * 3600):
    """compute() once per data version for the key `parts` (a tuple of plain values)."""
    version = current()
    if version is None:
        return compute()
    key = "dv:" + ":".join(str(part) for part in (*parts, version))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def context(request):
    """`data_version` for templates (`{% cache … data_version … %}`): read only when a template
    uses it, and once per request however many fragments use it."""
    memo = {}

    def data_version():
        if "version" not in memo:
            memo["version"] = current()
        return memo["version"]

    return {"data_version": data_version}
