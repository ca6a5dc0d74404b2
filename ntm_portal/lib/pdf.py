"""PDF documents: Django templates under templates/pdf/ rendered by WeasyPrint, cached, and
bounded in time.

While rendering, WeasyPrint may fetch only the portal's own static files (the print stylesheet,
the fonts): every other URL is refused, so a document never reaches the network, the file system
outside static/, or a server the text happens to name.

Every PDF view answers through `pdf_response` (issue #22):

- **Cached on the data version.** A document is a file under NTM_PDF_CACHE_DIR named by a hash of
  everything that changes its bytes: the view's own parts (the record, the query parameters it
  used), the reader's role and unit (what their scope and VIEW_PARTICULARS let them see), the day
  (documents print dates), the data version (`ntm_portal.lib.data_version`: any committed write)
  and the code version (the portal's code, templates and static files, and WeasyPrint's version).
  The files are shared by the worker processes of the machine and survive restarts; the oldest
  are removed beyond NTM_PDF_CACHE_MEGABYTES. Beneath that, each document's PDF is kept under a
  hash of its HTML (`render_part`): a report whose text a write did not change, or that another
  reader sees the same, costs its HTML only, not a layout.
- **One render per document at a time.** The renderer holds an exclusive lock on the document's
  lock file (flock: released by the kernel if the process dies); the other requests for the same
  document wait for it and receive its file.
- **Bounded.** The HTML is laid out by WeasyPrint in a forked child process, killed when the
  request's budget (NTM_PDF_SECONDS, below gunicorn's timeout; waiting included) runs out; the
  reader then gets a Vietnamese 503 page, and the worker is free again. The child also dies on
  its own when its parent does or when the budget has long passed, so an abandoned request does
  not keep a CPU busy. What a finished render made is kept, whoever asked for it.
- **Large documents go on in the background.** A cached document whose render outlives the
  request's budget is not killed: the child keeps the document's lock, goes on for up to
  NTM_PDF_BACKGROUND_SECONDS in all (then the kernel kills it) and writes the file into the cache
  itself. The reader gets a Vietnamese page "Tài liệu đang được lập" that reloads itself; every
  request for the document meanwhile finds the render under way (the lock and a "{key}.rendering"
  marker) and gets the same page at once, then the file. A render that died (past the long
  bound, or on an error) leaves the marker without a file: the readers get a clear message, for
  an hour, instead of starting it again. NTM_PDF_BACKGROUND_SECONDS not above NTM_PDF_SECONDS
  turns this off (the render is killed at the budget, 503 as before); keep it below an hour
  (lock files and markers unused for an hour are pruned). `render` must return the bytes of its
  one `html_to_pdf`, since the background child stores those.
"""

import fcntl
import gc
import hashlib
import inspect
import io
import logging
import math
import mimetypes
import os
import pickle
import re
import select
import signal
import threading
import time
from contextlib import contextmanager, suppress
from functools import lru_cache, partial
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pikepdf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils._os import safe_join
from django.utils.html import escape
from weasyprint import CSS, HTML
from weasyprint import __version__ as weasyprint_version
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ntm_portal.lib.numbers import plain

# A reserved, never-resolvable origin (RFC 2606): relative and root-relative URLs such as
# "/static/css/print.css" resolve against it, and nothing outside it is served.
BASE_URL = "https://portal.ntm.invalid/"

logger = logging.getLogger("ntm_portal.pdf")


def static_file_path(url):
    """The file on disk for a URL of one of our static files, or None for any other URL."""
    parts = urlsplit(url)
    base = urlsplit(BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    prefix = urlsplit(staticfiles_storage.base_url).path
    if not parts.path.startswith(prefix):
        return None
    name = unquote(parts.path[len(prefix) :])
    if not name or name.endswith("/") or "\\" in name:
        return None
    try:
        found = finders.find(name)
        if not found and settings.STATIC_ROOT:
            # Collected (and hashed) names in production live only in STATIC_ROOT.
            found = safe_join(settings.STATIC_ROOT, name)
    except SuspiciousFileOperation:
        return None
    path = Path(found) if found else None
    return path if path is not None and path.is_file() else None


class StaticFilesFetcher(URLFetcher):
    """Serves our static files to WeasyPrint and refuses every other URL."""

    def fetch(self, url, headers=None):
        path = static_file_path(url)
        if path is None:
            raise ValueError(f"Tài liệu PDF chỉ được dùng tệp tĩnh của cổng; đã từ chối: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


# While WeasyPrint lays out a document it keeps hundreds of thousands of boxes alive until the PDF
# is written, and with Python's default thresholds (a young collection every 700 allocations) the
# cyclic garbage collector walks them again and again: 1.7-2.0 s of the 200-nominee award dossier
# (measured with gc.callbacks). Every 20,000 allocations it takes about 0.35 s, for 6 MB more peak
# memory; reference counting frees everything else as before.
PRINTING_GC_THRESHOLD = 20_000
NORMAL_GC_THRESHOLDS = gc.get_threshold()


@contextmanager
def fewer_garbage_collections():
    """Young-object collections less often while a PDF is printed; the normal thresholds after.
    Restores the thresholds read at import, so two overlapping renders cannot leave them raised."""
    gc.set_threshold(PRINTING_GC_THRESHOLD, *NORMAL_GC_THRESHOLDS[1:])
    try:
        yield
    finally:
        gc.set_threshold(*NORMAL_GC_THRESHOLDS)


@lru_cache(maxsize=1)
def _font_config():
    """One WeasyPrint font configuration per process: the fonts of @font-face are registered
    once, not for every document (a dossier lays out two hundred)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# The stylesheets of a document's <head>: a link to one of our static files, or a <style> block.
_HEAD_STYLESHEET = re.compile(
    r'<link rel="stylesheet" href="([^"<>]+)">|<style>(.*?)</style>', re.S
)


@lru_cache(maxsize=64)
def _stylesheet(url, text):
    """A stylesheet parsed once per process (WeasyPrint CSS: its selectors compiled, its
    @font-face fonts registered in the shared font configuration): a dossier of two hundred
    documents parsed print.css and its own <style> two hundred times, 10–15 % of a short
    document's layout."""
    fetcher = StaticFilesFetcher()
    if url is not None:
        return CSS(url=url, url_fetcher=fetcher, font_config=_font_config())
    return CSS(string=text, base_url=BASE_URL, url_fetcher=fetcher, font_config=_font_config())


def _shared_stylesheets(html):
    """The HTML without the stylesheets of its <head> that `_stylesheet` keeps (links to our
    static files, <style> blocks), and those stylesheets in their order. Given to WeasyPrint
    as its `stylesheets` (the user origin), they cascade as they did in the document: nothing
    else of the author's origin is left but `style` attributes, which win either way. Any
    other link stays in the HTML and is refused by StaticFilesFetcher as before."""
    end = html.find("</head>")
    if end < 0:
        return html, []
    sheets = []

    def take(match):
        href, text = match.groups()
        if href is not None:
            url = urljoin(BASE_URL, unescape(href))
            if static_file_path(url) is None:
                return match.group(0)
            sheets.append(_stylesheet(url, None))
        else:
            sheets.append(_stylesheet(None, text))
        return ""

    head = _HEAD_STYLESHEET.sub(take, html[:end])
    return head + html[end:], sheets


def _write_pdf(html):
    """The PDF of an HTML text, laid out here (in the child process of `html_to_pdf`, or of a
    bundle), with the stylesheets of its head parsed once per process (_shared_stylesheets)."""
    with fewer_garbage_collections():
        html, stylesheets = _shared_stylesheets(html)
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
        return document.write_pdf(stylesheets=stylesheets, font_config=_font_config())


def render_pdf(template_name, context, *, request=None):
    """The PDF (bytes) of a template under templates/pdf/, laid out within the request's time
    budget (PdfTooSlow past it), or the one kept for the same HTML (render_part): a report asked
    again after a write that does not change it, or by another reader who sees the same text
    (leadership and staff), is not laid out again."""
    html = render_to_string(template_name, context, request=request)
    return render_part(html)


# --- the time bound ----------------------------------------------------------------------------


class PdfTooSlow(Exception):
    """The document was not laid out within the time budget; its render was stopped."""

    def __init__(self, seconds):
        super().__init__(f"PDF render stopped after {seconds:.1f} s")
        self.seconds = seconds


class PdfBusy(Exception):
    """Another request was rendering the same document and did not finish within the budget."""


class PdfInBackground(Exception):
    """The document is being made in the background (by this request or an earlier one)."""


class PdfRenderDied(Exception):
    """A background render of the document stopped without making it (past the long bound, or
    on an error), less than an hour ago."""


class PdfRenderFailed(RuntimeError):
    """The child process failed without an error that could be passed back."""


_budget = threading.local()


def budget_seconds():
    return float(settings.NTM_PDF_SECONDS)


def background_seconds():
    """The long bound of a render that went on in the background (from its start)."""
    return float(getattr(settings, "NTM_PDF_BACKGROUND_SECONDS", 0) or 0)


@contextmanager
def _background_target(path, marker):
    """Renders inside the block may go on in the background, writing `path` themselves."""
    previous = getattr(_budget, "target", None)
    _budget.target = (path, marker)
    try:
        yield
    finally:
        _budget.target = previous


@contextmanager
def deadline(at):
    """Renders inside the block stop at `at` (time.monotonic()), the request's budget."""
    previous = getattr(_budget, "deadline", None)
    _budget.deadline = at if previous is None else min(previous, at)
    try:
        yield
    finally:
        _budget.deadline = previous


def _remaining():
    at = getattr(_budget, "deadline", None)
    if at is None:
        return budget_seconds()
    return at - time.monotonic()


def _die_with_parent():
    """Linux: the child gets SIGKILL when the process that forked it dies."""
    with suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


# The helpers a child process forked to lay out a bundle's documents (lay_out_parts).
_HELPERS = []


def _stop(signum=None, frame=None):
    """The child's end when it is stopped (SIGTERM from its parent at the budget, SIGALRM at its
    own bound): its helpers killed and reaped first, so that none is left behind."""
    for pid in _HELPERS:
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with suppress(ChildProcessError):
            os.waitpid(pid, 0)
    os._exit(1)


def _child(work, out, seconds, target=None):
    status = 1
    try:
        signal.signal(signal.SIGALRM, _stop)
        signal.signal(signal.SIGTERM, _stop)
        if target is None:
            _die_with_parent()
            # Killed by the kernel, whatever it is doing, a little after its parent stopped
            # waiting.
            signal.alarm(int(seconds) + 2)
        else:
            # May go on after its parent answered (even after the worker is gone): killed by the
            # kernel at the long bound.
            signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            content = work()
            payload = b"K" + content
        except BaseException as error:  # noqa: BLE001 - passed back to the parent
            content = None
            try:
                payload = b"E" + pickle.dumps(error)
            except Exception:  # noqa: BLE001 - an error that cannot be pickled
                payload = b"E" + pickle.dumps(PdfRenderFailed(f"{type(error).__name__}: {error}"))
        if target is not None and content is not None:
            path, marker = target
            with suppress(OSError):
                _store(path, content)
                marker.unlink(missing_ok=True)
                _prune(path.parent)
        with suppress(OSError), os.fdopen(out, "wb") as stream:
            stream.write(payload)  # BrokenPipeError when the parent is no longer reading
        status = 0
    finally:
        # No atexit handlers, no flushing of the parent's buffers, no closing of its database
        # connections: the child leaves as if it had never been.
        os._exit(status)


def html_to_pdf(html):
    """The PDF of an HTML text, laid out by WeasyPrint in a forked child process that is killed
    when the time budget (the request's, or NTM_PDF_SECONDS) runs out: then PdfTooSlow."""
    return run_bounded(partial(_write_pdf, html))


def run_bounded(work):
    """The bytes `work()` makes (a PDF), made in a forked child process that is killed when the
    time budget (the request's, or NTM_PDF_SECONDS) runs out: then PdfTooSlow; or that goes on
    in the background when the request allows it (PdfInBackground). `work` must not use the
    database: the child shares the parent's connection."""
    seconds = _remaining()
    target = getattr(_budget, "target", None)
    if background_seconds() <= max(seconds, 0):
        target = None  # nothing to gain: killed at the budget
    if seconds <= 0 and target is None:
        raise PdfTooSlow(0.0)
    # (A request that spent its budget before the layout hands it to the background at once.)
    started = time.monotonic()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child process; its work is checked by the parent
        os.close(read_end)
        _child(work, write_end, background_seconds() if target else seconds, target)
    os.close(write_end)
    chunks, finished, detached = [], False, False
    try:
        while True:
            left = started + seconds - time.monotonic()
            if left <= 0 or not select.select([read_end], [], [], left)[0]:
                if target is not None:
                    detached = True  # not killed, not waited for here
                    _go_on_in_background(pid, *target)
                    raise PdfInBackground
                raise PdfTooSlow(time.monotonic() - started)
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        finished = True
    finally:
        os.close(read_end)
        reaped = False
        if not finished and not detached:
            reaped = _end(pid)
        if not detached and not reaped:
            os.waitpid(pid, 0)
    payload = b"".join(chunks)
    if payload[:1] == b"K":
        return payload[1:]
    if payload[:1] == b"E":
        raise pickle.loads(payload[1:])
    raise PdfRenderFailed("Tiến trình lập PDF dừng mà không trả kết quả.")


def _end(pid, grace=2.0):
    """Stop a child: SIGTERM (it kills and reaps its helpers, _stop), SIGKILL if it has not
    ended within `grace` seconds. True when it was reaped here (else the caller reaps it)."""
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    until = time.monotonic() + grace
    while time.monotonic() < until:
        with suppress(ChildProcessError):
            ended, _status = os.waitpid(pid, os.WNOHANG)
            if ended:
                return True
        time.sleep(0.02)
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    return False


def _go_on_in_background(pid, path, marker):
    """The child `pid` goes on alone: its marker says so to the other requests, and a thread of
    this process reaps it when it ends (no zombie)."""
    with suppress(OSError):
        marker.write_text(f"{os.getpid()} {pid} {time.time():.0f}\n")
        # The child stores the file, then removes the marker: if it was quicker than this
        # request, the marker goes now (a marker never outlives its file's making).
        if path.exists():
            marker.unlink(missing_ok=True)

    def reap():
        with suppress(ChildProcessError):
            os.waitpid(pid, 0)

    threading.Thread(target=reap, name=f"pdf-reaper-{pid}", daemon=True).start()


# --- the cache ---------------------------------------------------------------------------------

POLL_SECONDS = 0.05


@lru_cache(maxsize=1)
def code_version():
    """A hash of what makes a document's bytes besides its data: the portal's Python code and
    templates, its static files (stylesheets, fonts) and WeasyPrint's version."""
    from django.apps import apps

    base = Path(settings.BASE_DIR).resolve()
    files = set()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base):
            files.update(p for p in path.rglob("*") if p.suffix in {".py", ".html"})
    for template in settings.TEMPLATES:
        for folder in template.get("DIRS", []):
            files.update(Path(folder).rglob("*.html"))
    for folder in settings.STATICFILES_DIRS:
        files.update(p for p in Path(folder).rglob("*") if p.is_file())
    digest = hashlib.blake2b(weasyprint_version.encode(), digest_size=8)
    for path in sorted(files):
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def viewer_of(user):
    """What of the reader a document may depend on: the role and unit they act with, which
    decide their scope and whether they see a nominee's particulars (VIEW_PARTICULARS)."""
    from units.access import access_of

    access = access_of(user)
    return (access.role or "-", getattr(access.unit, "pk", None))


def cache_key(parts, viewer, version):
    text = repr(
        (tuple(parts), tuple(viewer), timezone.localdate().isoformat(), code_version(), version)
    )
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _read(path):
    try:
        content = path.read_bytes()
    except OSError:  # not made yet, pruned meanwhile, or a folder that cannot be read
        return None
    with suppress(OSError):
        os.utime(path)  # recently used: pruned last
    return content


def _store(path, content):
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)


def _prune(directory):
    """The least recently used documents removed beyond NTM_PDF_CACHE_MEGABYTES, and lock files
    unused for an hour."""
    limit = int(settings.NTM_PDF_CACHE_MEGABYTES) * 1024 * 1024
    documents, now = [], time.time()
    for entry in os.scandir(directory):
        try:
            stat = entry.stat()
        except FileNotFoundError:
            continue
        if entry.name.endswith(".pdf"):
            documents.append((stat.st_mtime, stat.st_size, entry.path))
        elif now - stat.st_mtime > 3600:
            Path(entry.path).unlink(missing_ok=True)
    total = sum(size for _, size, _ in documents)
    for _, size, path in sorted(documents):
        if total <= limit:
            break
        Path(path).unlink(missing_ok=True)
        total -= size


def _try_lock(stream):
    try:
        fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    os.utime(stream.fileno())
    return True


def cached_pdf(parts, render, *, viewer=()):
    """The bytes `render()` makes, from the cache when this document (`parts`: the record and
    the parameters that shape it, plus `viewer`) was made since the last write; one render at a
    time per document, the others waiting for its file. Waiting and rendering together take at
    most NTM_PDF_SECONDS: PdfBusy when the wait, PdfTooSlow when the render runs out of it."""
    from ntm_portal.lib import data_version

    budget = budget_seconds()
    with deadline(time.monotonic() + budget):
        version = data_version.current()
        if version is None:  # the database cannot say: made anew, not kept
            return render()
        directory = Path(settings.NTM_PDF_CACHE_DIR)
        key = cache_key(parts, viewer, version)
        path = directory / f"{key}.pdf"
        content = _read(path)
        if content is not None:
            return content
        try:
            directory.mkdir(parents=True, exist_ok=True)
            lock = open(directory / f"{key}.lock", "ab")  # noqa: SIM115 - closed below
        except OSError as error:
            # A folder that cannot be written (full disk, permissions): the document is still
            # made, within the budget, and the fault logged.
            logger.error("Không dùng được thư mục lưu PDF %s: %s", directory, error)
            return render()
        marker = directory / f"{key}.rendering"
        with lock:
            while not _try_lock(lock):
                content = _read(path)
                if content is not None:
                    return content
                if marker.exists():
                    raise PdfInBackground  # made in the background: no use waiting here
                if _remaining() <= 0:
                    raise PdfBusy
                time.sleep(min(POLL_SECONDS, max(_remaining(), 0)))
            handed_over = False
            try:
                content = _read(path)  # made while this request waited
                if content is None:
                    _check_not_died(marker)
                    try:
                        with _background_target(path, marker):
                            content = render()
                    except PdfInBackground:
                        handed_over = True  # the child holds the lock until it ends
                        raise
                    try:
                        if not path.exists():  # (a background-capable child stored it)
                            _store(path, content)
                            _prune(directory)
                    except OSError as error:
                        logger.error("Không lưu được PDF vào %s: %s", directory, error)
                return content
            finally:
                if not handed_over:
                    fcntl.flock(lock, fcntl.LOCK_UN)


DIED_MARKER_SECONDS = 3600


def _check_not_died(marker):
    """A marker without its file and without a render holding the lock: the background render
    died. PdfRenderDied for an hour after it started; then the document may be tried again."""
    try:
        age = time.time() - marker.stat().st_mtime
    except OSError:
        return
    if age < DIED_MARKER_SECONDS:
        raise PdfRenderDied
    marker.unlink(missing_ok=True)


def _seconds_text(seconds):
    return plain(seconds)


def pdf_response(request, parts, render, *, filename):
    """The PDF view's answer: the document inline (cached_pdf, keyed on `parts` and the reader);
    a Vietnamese page that reloads itself (202) while it is made in the background; a Vietnamese
    503 page when it could not be made (killed at NTM_PDF_SECONDS with no background render, or
    a background render that died)."""
    budget = _seconds_text(budget_seconds())
    try:
        content = cached_pdf(parts, render, viewer=viewer_of(request.user))
    except PdfTooSlow as error:
        logger.error("Lập PDF %s quá %s giây, đã dừng (%s).", filename, budget, error)
        return _unavailable(
            f"Tài liệu “{filename}” chưa lập xong sau {budget} giây nên cổng đã dừng việc lập "
            "để không làm treo hệ thống. Vui lòng thử lại sau ít phút; nếu vẫn không được, "
            "hãy báo quản trị hệ thống.",
            retry_after=60,
        )
    except PdfInBackground:
        return _in_progress(filename)
    except PdfRenderDied:
        logger.error("Lập PDF %s trong nền đã dừng mà không xong.", filename)
        return _unavailable(
            f"Tài liệu “{filename}” không lập xong: việc lập trong nền đã bị dừng (quá "
            f"{_minutes_text(background_seconds())} hoặc gặp lỗi). Vui lòng báo quản trị hệ "
            "thống; có thể thử lại sau một giờ hoặc khi dữ liệu thay đổi.",
            retry_after=DIED_MARKER_SECONDS,
        )
    except PdfBusy:
        return _unavailable(
            f"Tài liệu “{filename}” đang được lập cho một yêu cầu khác và chưa xong sau {budget} "
            "giây. Vui lòng tải lại trang sau ít giây.",
            retry_after=10,
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _minutes_text(seconds):
    if seconds >= 120:
        return f"{plain(round(seconds / 60))} phút"
    return f"{plain(seconds)} giây"


REFRESH_SECONDS = 10


def _in_progress(filename):
    """A page that says the document is being made and reloads itself until it is there."""
    name = escape(filename)
    refresh = REFRESH_SECONDS
    html = (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="{refresh}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Đang lập tài liệu {name}</title></head>"
        '<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto; padding: 0 1em">'
        f"<h1>Tài liệu đang được lập</h1><p>Tài liệu “{name}” lớn nên đang được lập (có thể mất "
        f"vài phút, tối đa {_minutes_text(background_seconds())}) — trang sẽ tự tải lại sau "
        f"{refresh} giây và mở tài liệu khi xong. Có thể đóng trang này: tài liệu vẫn được lập "
        "và lần mở sau sẽ có ngay.</p></body></html>"
    )
    response = HttpResponse(html, status=202, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(refresh)
    response["Refresh"] = str(refresh)
    response["Cache-Control"] = "no-store"
    return response


def _unavailable(message, *, retry_after):
    response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    return response


# --- a bundle of documents -----------------------------------------------------------------------
#
# A dossier is a bundle of separate documents (Decree 30/2020: each document numbers its own
# pages, from its second page). Each document is laid out as its own PDF and kept in the cache
# under a hash of its HTML and of the layout version: its own data version, since the HTML holds
# every datum it prints (a change elsewhere, or a release that prints it the same, keeps it). A
# bundle lays out only the documents it does not find there, in parallel processes, and joins the
# PDFs with qpdf (pikepdf); a table of contents, when asked for, comes first with the page of the
# bundle where each document starts, its lines linked to those pages, and a bookmark per document.

PART_PREFIX = "part-"
# About how many lines of a table of contents (awards_contents.html) fill a page.
CONTENTS_LINES_PER_PAGE = 31
# Links of a table of contents before they are pointed at the bundle's pages.
CONTENTS_LINK = f"{BASE_URL}bundle-part/"


@lru_cache(maxsize=1)
def layout_version():
    """A hash of what makes a document's PDF besides its HTML: the static files it may use
    (stylesheets, fonts), WeasyPrint's version and the code that lays it out (_write_pdf)."""
    files = set()
    for folder in settings.STATICFILES_DIRS:
        files.update(p for p in Path(folder).rglob("*") if p.is_file())
    digest = hashlib.blake2b(weasyprint_version.encode(), digest_size=8)
    digest.update(inspect.getsource(_write_pdf).encode())
    for path in sorted(files):
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def part_path(html):
    """Where the PDF of one document of a bundle is kept: named by a hash of its HTML and of the
    layout version."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(layout_version().encode())
    digest.update(html.encode())
    return Path(settings.NTM_PDF_CACHE_DIR) / f"{PART_PREFIX}{digest.hexdigest()}.pdf"


def cached_part(html):
    """The kept PDF of a document (part_path), or None."""
    return _read(part_path(html))


def render_part(html):
    """The PDF of one document (a report, or a document of bundles printed alone): the one kept
    for its HTML (made for a bundle, or in the background) when there is one; laid out otherwise
    (html_to_pdf) and kept."""
    kept = cached_part(html)
    if kept is not None:
        return kept
    content = html_to_pdf(html)
    _keep(part_path(html), content)
    return content


def render_processes():
    """How many processes lay out a bundle's missing documents: NTM_PDF_PROCESSES, or the CPUs
    this process may use (at most 4)."""
    wanted = getattr(settings, "NTM_PDF_PROCESSES", 0) or len(os.sched_getaffinity(0))
    return max(1, min(int(wanted), 4))


def _keep(path, content):
    with suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        _store(path, content)


def lay_out_parts(htmls, *, processes=None):
    """The PDFs of documents (HTML texts), each kept in the cache (part_path). Made in this
    process and `processes - 1` forked helpers, which take the documents one at a time from a
    pipe, the longest first; a document a helper did not finish is made here. Not using the
    database: may run in the child of run_bounded."""
    paths = [part_path(html) for html in htmls]
    made = {index: _read(path) for index, path in enumerate(paths)}
    missing = sorted(
        (index for index, content in made.items() if content is None),
        key=lambda index: len(htmls[index]),
        reverse=True,
    )
    processes = min(processes or render_processes(), len(missing))
    helpers = []
    if processes > 1:
        read_end, write_end = os.pipe()
        os.write(write_end, b"".join(index.to_bytes(4, "big") for index in missing))
        os.close(write_end)  # the helpers and this process read to its end
        for _ in range(processes - 1):
            pid = os.fork()
            if pid == 0:  # pragma: no cover - a helper; what it keeps is read by its parent
                status = 1
                try:
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
                    signal.signal(signal.SIGALRM, signal.SIG_DFL)
                    _die_with_parent()
                    while chunk := os.read(read_end, 4):
                        index = int.from_bytes(chunk, "big")
                        _keep(paths[index], _write_pdf(htmls[index]))
                    status = 0
                finally:
                    os._exit(status)
            helpers.append(pid)
            _HELPERS.append(pid)
        try:
            while chunk := os.read(read_end, 4):
                index = int.from_bytes(chunk, "big")
                made[index] = _write_pdf(htmls[index])
                _keep(paths[index], made[index])
        except BaseException:
            for pid in helpers:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            raise
        finally:
            os.close(read_end)
            for pid in helpers:
                with suppress(ChildProcessError):
                    os.waitpid(pid, 0)
                _HELPERS.remove(pid)
    for index in missing:
        if made[index] is None:
            made[index] = _read(paths[index])
        if made[index] is None:  # not made by a helper (or not kept): made here
            made[index] = _write_pdf(htmls[index])
            _keep(paths[index], made[index])
    return [made[index] for index in range(len(htmls))]


def _point_contents_links(bundle, pages, starts):
    """The table of contents' links (CONTENTS_LINK + the document's number) made to open the
    bundle's page where that document starts."""
    for page in list(bundle.pages)[:pages]:
        for annotation in page.obj.get("/Annots") or []:
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            number = uri[len(CONTENTS_LINK) :] if uri.startswith(CONTENTS_LINK) else ""
            if not number.isdigit() or not int(number) < len(starts):
                continue
            del annotation["/A"]
            target = bundle.pages[starts[int(number)]].obj
            annotation.Dest = pikepdf.Array([target, pikepdf.Name.Fit])


def assemble(pdfs, titles, *, title, author="", contents=None):
    """One PDF of the documents `pdfs` (bytes), in order, each with a bookmark (`titles`; None:
    no bookmarks), joined by qpdf (pikepdf). `contents(lines)`, when given, makes the HTML of a
    table of contents from lines (title, page, link), laid out first; its own length is found by
    laying it out until the pages it gives stop changing."""
    sources = [pikepdf.Pdf.open(io.BytesIO(content)) for content in pdfs]
    if len(sources) == 1 and titles is None and contents is None:
        return pdfs[0]
    counts = [len(source.pages) for source in sources]
    front = None
    if contents is not None:
        # A first guess of its length (CONTENTS_LINES_PER_PAGE), checked by laying it out.
        front_pages = max(1, math.ceil((len(titles) + 1) / CONTENTS_LINES_PER_PAGE))
        for _attempt in range(4):
            lines, page = [], front_pages + 1
            for number, (name, count) in enumerate(zip(titles, counts, strict=True)):
                lines.append((name, page, f"{CONTENTS_LINK}{number}"))
                page += count
            front = pikepdf.Pdf.open(io.BytesIO(_write_pdf(contents(lines))))
            if len(front.pages) == front_pages:
                break
            front_pages = len(front.pages)
    bundle = pikepdf.Pdf.new()
    starts = []
    if front is not None:
        bundle.pages.extend(front.pages)
    for source in sources:
        starts.append(len(bundle.pages))
        bundle.pages.extend(source.pages)
    if titles is not None:
        with bundle.open_outline() as outline:
            outline.root.extend(
                pikepdf.OutlineItem(name, start) for name, start in zip(titles, starts, strict=True)
            )
    if front is not None:
        _point_contents_links(bundle, len(front.pages), starts)
    bundle.docinfo["/Title"] = title
    if author:
        bundle.docinfo["/Author"] = author
    bundle.docinfo["/Producer"] = f"WeasyPrint {weasyprint_version}, qpdf"
    out = io.BytesIO()
    bundle.save(out)
    return out.getvalue()


def bundle_pdf(htmls, titles, *, title, author="", contents=None):
    """The PDF of a bundle of documents (one HTML text each, one bookmark title each): the kept
    ones read from the cache, the others laid out in parallel, all joined (assemble), within
    the request's budget like any render (run_bounded: the work goes on in the background when
    the request allows it). `contents`: see `assemble`; it runs in the child process, so it
    must not use the database."""

    layout_version()  # computed here, once per process, not in every child

    def work():
        pdfs = lay_out_parts(htmls)
        return assemble(pdfs, titles, title=title, author=author, contents=contents)

    return run_bounded(work)


def lay_out_in_background(htmls):
    """Lay out documents of bundles (part_path) one after the other in a forked child that
    this request does not wait for, as a render gone on in the background does (up to
    NTM_PDF_BACKGROUND_SECONDS, then the kernel kills it); a thread of this process reaps it.
    A document kept already, or being laid out by another such child (its lock), is passed
    over. Returns the child's pid, or None when there was nothing to lay out."""
    paths = [part_path(html) for html in htmls]
    wanted = [(html, path) for html, path in zip(htmls, paths, strict=True) if not path.exists()]
    if not wanted:
        return None
    seconds = background_seconds() or budget_seconds()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; what it keeps is read by the next bundle
        status = 1
        try:
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.setitimer(signal.ITIMER_REAL, seconds)
            for html, path in wanted:
                path.parent.mkdir(parents=True, exist_ok=True)
                with open(path.with_suffix(".lock"), "ab") as lock:
                    if _try_lock(lock) and not path.exists():
                        _keep(path, _write_pdf(html))
            status = 0
        finally:
            os._exit(status)

    def reap():
        with suppress(ChildProcessError):
            os.waitpid(pid, 0)

    threading.Thread(target=reap, name=f"pdf-prerender-{pid}", daemon=True).start()
    return pid
