import time
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest, QueryDict
from django.utils.html import escape

from ntm_portal.lib.text import clean_text


def _clean_querydict(data):
    normalised = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        normalised.setlist(clean_text(key), [clean_text(value) for value in values])
    normalised._mutable = False
    return normalised


def _bad_request(message):
    return HttpResponseBadRequest(
        '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Yêu cầu không hợp lệ</title>'
        f"<h1>Yêu cầu không hợp lệ</h1><p>{escape(message)}</p>"
        '<p><a href="/">Về trang chủ</a></p></html>',
        content_type="text/html; charset=utf-8",
    )


class RejectNulMiddleware:
    """A NUL byte in the address (path or query string) is a 400 with a Vietnamese message.

    Nothing a person types puts one there; PostgreSQL refuses NUL in text, so letting it through
    turned probing into 500s on every page that filters by a query parameter."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or b"\x00" in unquote_to_bytes(query):
            return _bad_request("Địa chỉ trang chứa ký tự không hợp lệ (ký tự NUL).")
        return self.get_response(request)


class NfcInputMiddleware:
    """Normalise every submitted text to Unicode NFC, strip bidi controls, and cap its length.

    Vietnamese arrives in NFD from some keyboards and from macOS; stored NFD text would not match
    the same name typed in NFC, so every GET and POST value is normalised once, here. Bidi controls
    (right-to-left override) and control characters are removed (`ntm_portal.lib.text.clean_text`,
    the cleaning that imports use too). A single text longer than
    `settings.NTM_MAX_TEXT_CHARS` is refused with a Vietnamese message (400): no field of the
    portal needs more, and one 10 MB note was copied into every later page and history row.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _clean_querydict(request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            limit = settings.NTM_MAX_TEXT_CHARS
            for key, values in request.POST.lists():
                if any(len(value) > limit for value in values):
                    return _bad_request(
                        f"Nội dung ô “{key}” dài quá {limit:,} ký tự; hãy rút gọn rồi gửi lại.".replace(
                            ",", "."
                        )
                    )
            request.POST = _clean_querydict(request.POST)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Pages seen by a logged-in person (pages, PDFs, exports) are never stored by a browser or a
    shared proxy cache: `Cache-Control: private, no-store`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        return response


def start_activity_clock(sender, request, user, **kwargs):
    """At login (site, admin or a test's force_login) the idle clock starts, in the session that
    the login saves anyway: the first page after it writes nothing."""
    if request is not None and hasattr(request, "session"):
        request.session["_last_activity"] = int(time.time())


class IdleTimeoutMiddleware:
    """Log out a session idle for longer than `settings.NTM_SESSION_IDLE_MINUTES`.

    The session cookie lasts until the browser closes (SESSION_EXPIRE_AT_BROWSER_CLOSE) and the
    server-side session expires SESSION_COOKIE_AGE (the same idle time) after its last save; the
    last activity is saved at most once a minute, so a busy user does not write a session row on
    every request."""

    TOUCH_EVERY_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get("_last_activity")
            idle_seconds = settings.NTM_SESSION_IDLE_MINUTES * 60
            if last is not None and now - last > idle_seconds:
                logout(request)
                messages.info(
                    request,
                    f"Phiên làm việc đã hết hạn sau {settings.NTM_SESSION_IDLE_MINUTES} phút "
                    "không thao tác; vui lòng đăng nhập lại.",
                )
                return redirect_to_login(request.get_full_path())
            if last is None or now - last >= self.TOUCH_EVERY_SECONDS:
                request.session["_last_activity"] = now
        return self.get_response(request)
