"""PDF documents: Django templates under templates/pdf/ rendered by WeasyPrint.

While rendering, WeasyPrint may fetch only the portal's own static files (the print stylesheet,
the fonts): every other URL is refused, so a document never reaches the network, the file system
outside static/, or a server the text happens to name.
"""

import gc
import mimetypes
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils._os import safe_join
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A reserved, never-resolvable origin (RFC 2606): relative and root-relative URLs such as
# "/static/css/print.css" resolve against it, and nothing outside it is served.
BASE_URL = "https://portal.ntm.invalid/"


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


def render_pdf(template_name, context, *, request=None):
    """The PDF (bytes) of a template under templates/pdf/."""
    html = render_to_string(template_name, context, request=request)
    with fewer_garbage_collections():
        return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher()).write_pdf()
