"""Large imports in the background: no upload holds a web worker more than a few seconds.

An upload or a confirm whose file has more than `foreground_rows()` data rows (2,000 unless
NTM_IMPORT_FOREGROUND_ROWS says otherwise: about two seconds at the pipeline's 1,000 rows/s or
more) is not run by the request. The request starts a job and answers at once with the job's
page, which reloads itself and shows the job's progress (the rows checked so far, of how many)
until the job is over, then the preview or the result, as the foreground import would have.

The job is run the way a large PDF goes on (`ntm_portal.lib.pdf`): in a forked child process of
the worker, which opens its own database connections (the worker's are left to the worker), goes
on after the request has answered, and is killed by the kernel at `BACKGROUND_SECONDS`. Its
state (a small JSON: what it does, rows checked, done or failed) and its report (pickled, for the
page) are files in the default storage under `imports-jobs/`, named by a random token, readable
by any worker; only the user who started the job can see it. The job keeps one of its user's
import slots (`views.MAX_CONCURRENT_IMPORTS`) until it ends, so a user's background imports count
against the same limit as the foreground ones.
"""

import contextlib
import datetime
import json
import logging
import os
import pickle
import secrets
import signal
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections

from ntm_portal.lib import importing, pending_imports
from ntm_portal.lib.dataio import pipeline

logger = logging.getLogger("ntm_portal.dataio.jobs")

FOLDER = "imports-jobs"
# The long bound of a job, from its start: then the kernel kills it (a 10,000-row file in
# partial mode, on a loaded machine, takes well under a minute).
BACKGROUND_SECONDS = 600
# How often a running job writes its progress (seconds).
PROGRESS_SECONDS = 0.5
RUNNING, DONE, FAILED = "running", "done", "failed"
KEEP_FOR = datetime.timedelta(days=1)


def foreground_rows():
    """The most data rows a request imports itself; more go to a background job."""
    return int(getattr(settings, "NTM_IMPORT_FOREGROUND_ROWS", 2000))


def _path(token, suffix):
    return f"{FOLDER}/{token}.{suffix}"


def _write(name, content):
    """Replace a stored file at once (readers never see it half-written or missing)."""
    try:
        full = default_storage.path(name)
    except NotImplementedError:  # a storage without local paths
        default_storage.delete(name)
        default_storage.save(name, ContentFile(content))
        return
    os.makedirs(os.path.dirname(full), exist_ok=True)
    temporary = f"{full}.{os.getpid()}.tmp"
    with open(temporary, "wb") as stream:
        stream.write(content)
    os.replace(temporary, full)


def _read(name):
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        return None


def state(token):
    """The job's state ({"user", "kind", "action", "filename", "total", "checked", "round",
    "state", "message", ...}), or None when there is no such job."""
    content = _read(_path(token, "json"))
    return json.loads(content) if content else None


def result(token):
    """(report, refused rows xlsx or None) of a finished job."""
    content = _read(_path(token, "report"))
    return pickle.loads(content) if content else (None, None)  # noqa: S301 - written by the job


def save_state(token, values):
    _write(_path(token, "json"), json.dumps(values, ensure_ascii=False).encode("utf-8"))


def start(*, user, kind, action, filename, table, partial=False, slot=None, pending=None):
    """Start the job (`action` "preview" or "confirm" of `table`, as `pipeline.run` would) in a
    child process; its token. `slot`: the cache key of the user's import slot it keeps until it
    ends. `pending`: the token of the waiting preview the confirm form will send."""
    _remove_stale()
    token = secrets.token_urlsafe(24)
    values = {
        "user": user.pk,
        "kind": kind,
        "action": action,
        "filename": filename,
        "partial": partial,
        "total": len(table.rows),
        "checked": 0,
        "round": 1,
        "state": RUNNING,
        "message": "",
        "slot": slot,
        "pending": pending,
        "started": time.time(),
    }
    save_state(token, values)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child process; its work is read back by the pages
        _child(token, values, user, table)
    threading.Thread(target=_reap, args=(pid,), name=f"import-job-{pid}", daemon=True).start()
    return token


def _remove_stale():
    """The files of jobs started more than a day ago (their pages then answer 404)."""
    pending_imports.remove_stale(FOLDER, KEEP_FOR)


def _reap(pid):
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


# The worker's database connections, kept referenced in the child so that they are never
# closed (closing one would close the worker's session on the server): the child opens its own.
_inherited = []


def _own_connections():
    """Let the child open its own database connections. A private in-memory SQLite database
    (the tests') is the child's own copy already, and is kept."""
    for alias in connections:
        wrapper = connections[alias]
        if wrapper.vendor == "sqlite" and wrapper.is_in_memory_db():
            continue
        _inherited.append(wrapper)
        del connections[alias]


def _child(token, values, user, table):
    status = 1
    try:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.setitimer(signal.ITIMER_REAL, BACKGROUND_SECONDS)
        _own_connections()
        last = {"number": None, "at": 0.0}

        def progress(row):
            if last["number"] is not None and row.number <= last["number"]:
                values["round"] += 1  # a partial import checks its valid rows again
                values["checked"] = 0
            last["number"] = row.number
            values["checked"] += 1
            now = time.monotonic()
            if now - last["at"] >= PROGRESS_SECONDS:
                last["at"] = now
                save_state(token, values)

        try:
            with importing.watching_rows(progress):
                report = pipeline.run(
                    values["kind"],
                    None,
                    values["filename"],
                    user=user,
                    commit=values["action"] == "confirm",
                    partial=values["partial"] or values["action"] == "preview",
                    table=table,
                )
            refused = (
                pipeline.refused_rows_xlsx(report)
                if values["action"] == "confirm" and report.committed and report.refused
                else None
            )
            _write(_path(token, "report"), pickle.dumps((report, refused)))
            values.update(state=DONE, checked=values["total"])
        except Exception as error:  # noqa: BLE001 - said on the job's page
            logger.exception("import job %s failed", token)
            values.update(
                state=FAILED,
                message=f"Lần nhập dừng vì lỗi của hệ thống ({type(error).__name__}); chưa ghi "
                "gì. Hãy thử lại, hoặc báo quản trị hệ thống.",
            )
        save_state(token, values)
        if values.get("slot"):
            with contextlib.suppress(Exception):
                cache.delete(values["slot"])
        with contextlib.suppress(Exception):
            connections.close_all()
        status = 0
    finally:
        # No atexit handlers, no closing of the worker's connections or files.
        os._exit(status)


def failed_for_good(values):
    """Whether a job said to be running has died (killed at the long bound, or its machine
    restarted): then its page says so, rather than waiting forever."""
    return values["state"] == RUNNING and time.time() - values["started"] > BACKGROUND_SECONDS + 30
