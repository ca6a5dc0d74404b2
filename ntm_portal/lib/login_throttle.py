"""Login lock-out (django-axes), the one brake on password guessing for every login path.

Both /accounts/login/ and /admin/login/ authenticate through `django.contrib.auth.authenticate`,
which is where axes counts: failed attempts only (a successful login never counts and clears the
account's failures), per account and per client address (`ntm_portal.lib.client_ip`, which
believes X-Forwarded-For only from `NTM_TRUSTED_PROXIES`). Counts live in the database, so every
gunicorn worker and every app server sees the same ones.

When the attempt store cannot be reached the login fails open: the error is logged and the person
may still log in with the right password (refusing everybody would be worse than a pause in the
brake).
"""

import logging

from axes.handlers.database import AxesDatabaseHandler
from django.contrib.auth.forms import AuthenticationForm
from django.db import DatabaseError
from django.shortcuts import render

logger = logging.getLogger("ntm_portal.login")


class FailOpenAxesHandler(AxesDatabaseHandler):
    def is_allowed(self, request, credentials=None):
        try:
            return super().is_allowed(request, credentials)
        except DatabaseError as error:
            logger.error("Không đọc được số lần đăng nhập sai, cho qua: %s", error)
            return True

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        try:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        except DatabaseError as error:
            logger.error("Không ghi được lần đăng nhập sai: %s", error)

    def user_logged_in(self, sender, request, user, **kwargs):
        try:
            return super().user_logged_in(sender, request, user, **kwargs)
        except DatabaseError as error:
            logger.error("Không ghi được lần đăng nhập: %s", error)

    def user_logged_out(self, sender, request, user, **kwargs):
        try:
            return super().user_logged_out(sender, request, user, **kwargs)
        except DatabaseError as error:
            logger.error("Không ghi được lần đăng xuất: %s", error)


def lockout_response(request, original_response=None, credentials=None):
    """The login page with the lock-out message in Vietnamese (HTTP 429), for both login paths.
    The form is unbound: validating it would try the password, which is what we refuse."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    return render(
        request,
        "registration/login.html",
        {"form": form, "throttled": True, "next": request.POST.get("next", "")},
        status=429,
    )
