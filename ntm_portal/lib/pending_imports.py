"""An import waiting between its preview and its confirmation, kept in file storage.

Every spreadsheet import of the portal (certifications and commune criteria, emulation
participants and registrations, award history) keeps its preview here, under its own `kind` (a
name unique in the project). The preview reads the file once; what it read (the header and the
cells of every row, as JSON) is written to the default storage under `imports-pending/`, named
by a random token, and the session keeps only that token and the file's name. Confirming reads
the JSON back — the file is not parsed twice — and deletes it; cancelling deletes it too. Any app
server can confirm (the storage is shared like uploaded decisions), only the user who uploaded it
(the token is in their session), and a session row stays small however large the file (a 9 MB
preview used to make an 11.8 MB session). Pending files older than a day are removed whenever a
new preview is kept.
"""

import contextlib
import datetime
import json
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from ntm_portal.lib.spreadsheet import Table

SESSION_KEY = "pending_imports"
FOLDER = "imports-pending"
KEEP_FOR = datetime.timedelta(days=1)


def _encode(value):
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    return value


def _decode(value):
    if isinstance(value, dict) and "date" in value:
        return datetime.date.fromisoformat(value["date"])
    return value


def _path(token):
    return f"{FOLDER}/{token}.json"


def remove_stale(folder, keep_for=KEEP_FOR):
    """Delete the files of `folder` in the default storage older than `keep_for` (pending
    previews, refused-rows files and background import jobs all keep a day)."""
    try:
        _, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    limit = timezone.now() - keep_for
    for name in names:
        path = f"{folder}/{name}"
        with contextlib.suppress(FileNotFoundError):
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)


def _remove_stale():
    remove_stale(FOLDER)


def keep(request, kind, filename, table):
    """Keep what the preview read; the token for the confirm form."""
    discard(request, kind)
    _remove_stale()
    token = secrets.token_urlsafe(24)
    content = json.dumps(
        {
            "user": request.user.pk,
            "kind": kind,
            "filename": filename,
            "headers": [_encode(cell) for cell in table.headers],
            "rows": [[number, [_encode(cell) for cell in cells]] for number, cells in table.rows],
        },
        ensure_ascii=False,
    )
    default_storage.save(_path(token), ContentFile(content.encode("utf-8")))
    pending = request.session.get(SESSION_KEY, {})
    pending[kind] = {"token": token, "filename": filename}
    request.session[SESSION_KEY] = pending
    return token


def discard(request, kind):
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.pop(kind, None)
    if entry is not None:
        request.session[SESSION_KEY] = pending
        if "token" in entry:
            default_storage.delete(_path(entry["token"]))


def take(request, kind, token):
    """(filename, Table) of the pending import with this token, removed; None when there is
    none (confirmed already, replaced by another upload, or too old)."""
    entry = request.session.get(SESSION_KEY, {}).get(kind)
    if not entry or not secrets.compare_digest(entry.get("token", ""), token):
        return None
    path = _path(entry["token"])
    try:
        with default_storage.open(path, "rb") as stored:
            content = json.loads(stored.read().decode("utf-8"))
    except FileNotFoundError:
        content = None
    discard(request, kind)
    if content is None or content["user"] != request.user.pk or content["kind"] != kind:
        return None
    table = Table(
        headers=[_decode(cell) for cell in content["headers"]],
        rows=[(number, [_decode(cell) for cell in cells]) for number, cells in content["rows"]],
    )
    return content["filename"], table


REFUSED_KEY = "refused_imports"


def _refused_path(token):
    return f"{FOLDER}/{token}.xlsx"


def keep_refused(request, kind, filename, data):
    """Keep the refused rows of a partial import (an xlsx) for their user to download; the
    token for the download link. One file per kind and user; a day, like a preview."""
    _remove_stale()
    kept = request.session.get(REFUSED_KEY, {})
    old = kept.pop(kind, None)
    if old:
        default_storage.delete(_refused_path(old["token"]))
    token = secrets.token_urlsafe(24)
    default_storage.save(_refused_path(token), ContentFile(data))
    kept[kind] = {"token": token, "filename": filename}
    request.session[REFUSED_KEY] = kept
    return token


def refused_file(request, kind, token):
    """(file name, xlsx bytes) of the refused rows kept under this token for this user; None
    when there are none (another user's token, or removed after a day)."""
    entry = request.session.get(REFUSED_KEY, {}).get(kind)
    if not entry or not secrets.compare_digest(entry.get("token", ""), token):
        return None
    try:
        with default_storage.open(_refused_path(entry["token"]), "rb") as stored:
            return entry["filename"], stored.read()
    except FileNotFoundError:
        return None
