"""A double click never does a thing twice, and a duplicate never answers 500.

One mechanism for every form of every app, with nothing to opt in:

- **A one-time form token in every form.** The portal's `{% csrf_token %}` (the builtin template
  library `ntm_portal.templatetags.form_token`, which replaces Django's tag of that name) writes
  the CSRF field and a hidden `form_token` with a fresh random value. Every POST form of every
  template carries it, so a new form cannot forget it.
- **The first result, again.** `FormTokenMiddleware` runs every POST of a signed-in person in one
  transaction. Before the view it claims the token (a row of `SubmittedForm`, unique per person and
  token, in that same transaction). When the view answers with a redirect (it did what was asked),
  the row keeps where it led; otherwise (the form is shown again with its errors) the row goes, so
  the corrected form can be sent. A second submission of the same token (a double click, the
  browser's "resend", a retry after a timeout) finds the row and is sent where the first one went,
  with a message saying so: nothing is created, saved or moved twice. Two submissions at the same
  moment wait for each other on the row's unique index (PostgreSQL), and the second one, once the
  first has committed, replays its result.
- **A duplicate is a form error.** When a view fails on a unique constraint (two people, or two
  tabs, saving the same thing at once, past the form's own check), the whole request is rolled
  back (uploads written meanwhile are removed) and the view runs once more: the form then sees
  the row that won and says so in Vietnamese, on the field. Should the constraint still fail (a
  rule no form checks), the person gets a Vietnamese page saying that nothing was saved and why
  (409), never a 500.

Views need nothing; a view that catches IntegrityError itself must catch it around an inner
`transaction.atomic()` (the request is one transaction).
"""

import secrets
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.html import escape

from ntm_portal.lib.concurrency import removing_files_saved_on_error

TOKEN_FIELD = "form_token"
KEPT_FOR = timedelta(days=2)
REPLAYED = (
    "Biểu mẫu này đã được gửi trước đó (có thể do bấm nút hai lần hoặc tải lại trang): "
    "không thực hiện lại; đây là kết quả của lần gửi đầu tiên."
)
DUPLICATE = (
    "Chưa lưu: dữ liệu bạn gửi trùng với một bản ghi vừa được lưu (có thể do bấm gửi hai lần, "
    "hoặc người khác vừa nhập cùng nội dung). Không có gì bị ghi hai lần."
)


def new_token():
    return secrets.token_urlsafe(24)


def token_input():
    return f'<input type="hidden" name="{TOKEN_FIELD}" value="{new_token()}">'


def _submitted_token(request):
    if request.method != "POST":
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    token = request.POST.get(TOKEN_FIELD, "").strip()
    return token[:64] or None


class _Retry(Exception):
    """The view failed on a unique constraint: roll the request back and run it once more."""


def _duplicate_page(request):
    back = escape(request.path)
    return HttpResponse(
        '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Chưa lưu: dữ liệu trùng</title>'
        f"<h1>Chưa lưu: dữ liệu trùng</h1><p>{escape(DUPLICATE)}</p>"
        "<p>Hãy mở lại trang, kiểm tra dữ liệu hiện có rồi nhập lại nếu cần.</p>"
        f'<p><a href="{back}">Mở lại trang</a> · <a href="/">Về trang chủ</a></p></html>',
        status=409,
        content_type="text/html; charset=utf-8",
    )


def _replay(request, first):
    messages.info(request, REPLAYED)
    return HttpResponseRedirect(first.result_url or request.path)


class FormTokenMiddleware:
    """Every POST of a signed-in person: one transaction, its form token used once, a unique
    conflict answered by running the view again (see the module's text)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.method != "POST" or user is None or not user.is_authenticated:
            return self.get_response(request)
        token = _submitted_token(request)
        for attempt in (1, 2):
            request._ntm_unique_failure = None
            try:
                return self._once(request, token)
            except _Retry:
                if request.FILES or attempt == 2:
                    # An upload has been moved into storage (and removed again): it cannot be
                    # read a second time. Nothing was saved; say so.
                    return _duplicate_page(request)
                request._messages = type(request._messages)(request)
        return _duplicate_page(request)  # pragma: no cover - the loop returns

    def _once(self, request, token):
        from ntm_portal.models import SubmittedForm

        with transaction.atomic():
            claim = None
            if token is not None:
                try:
                    with transaction.atomic():
                        claim = SubmittedForm.objects.create(
                            user=request.user, token=token, path=request.path[:400]
                        )
                except IntegrityError:
                    first = SubmittedForm.objects.filter(user=request.user, token=token).first()
                    if first is not None:
                        return _replay(request, first)
                    raise _Retry from None
            with removing_files_saved_on_error():
                response = self.get_response(request)
                if request._ntm_unique_failure is not None:
                    raise _Retry from request._ntm_unique_failure
            if transaction.get_rollback():
                return response  # the view kept an error of its own: nothing is kept
            if claim is not None:
                if 300 <= response.status_code < 400 and response.has_header("Location"):
                    claim.result_url = response["Location"][:2000]
                    claim.save(update_fields=["result_url"])
                else:
                    claim.delete()
            if token is not None and secrets.randbelow(200) == 0:
                SubmittedForm.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
            return response

    def process_exception(self, request, exception):
        if isinstance(exception, IntegrityError) and hasattr(request, "_ntm_unique_failure"):
            request._ntm_unique_failure = exception
            return HttpResponse(status=409)  # replaced: the request is rolled back and retried
        return None
