"""Settings of the NTM portal. Every value comes from the environment (see .env.example)."""

import datetime
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# Without DJANGO_SECRET_KEY a development key is used; `manage.py check --deploy` flags it
# (security.W009), and scripts/serve-production.sh refuses to start without the variable.
SECRET_KEY = env("DJANGO_SECRET_KEY") or "django-insecure-development-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "simple_history",
    "axes",
    "ntm_portal",
    "units",
    "targets",
    "emulation",
    "awards",
]

MIDDLEWARE = [
    "ntm_portal.middleware.RejectNulMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ntm_portal.middleware.IdleTimeoutMiddleware",
    "ntm_portal.middleware.PrivatePagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ntm_portal.middleware.NfcInputMiddleware",
    # Every POST: one transaction, its form token used once, a duplicate never a 500.
    "ntm_portal.lib.idempotency.FormTokenMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ntm_portal.urls"
WSGI_APPLICATION = "ntm_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # `{% csrf_token %}` also writes the one-time form token (ntm_portal/lib/idempotency.py).
            "builtins": ["ntm_portal.templatetags.form_token"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "units.context_processors.access",
                "ntm_portal.lib.data_version.context",
                "targets.demo.demo_context",
            ],
        },
    },
]

VAR_DIR = Path(env("NTM_VAR_DIR", str(BASE_DIR / "var")))
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ntm_portal.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account/address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Vietnamese users write dates as dd/mm/yyyy and decimals with a comma.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

# The administration's exports of reference tables (ntm_portal/lib/admin_export.py,
# django-import-export): cells a spreadsheet would run as formulas escaped, and characters Excel
# cannot hold removed instead of failing the export.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("NTM_STATIC_ROOT", str(VAR_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("NTM_MEDIA_ROOT", str(VAR_DIR / "media")))
# Printed documents (ntm_portal/lib/pdf.py): made once per data version into NTM_PDF_CACHE_DIR
# (shared by the workers of the machine, the least recently used removed beyond
# NTM_PDF_CACHE_MEGABYTES); a request waits and renders for at most NTM_PDF_SECONDS, below
# gunicorn's timeout (30 s); a larger document then goes on in the background for up to
# NTM_PDF_BACKGROUND_SECONDS in all (the reader gets a page that reloads itself until it is there;
# not above NTM_PDF_SECONDS: no background, a Vietnamese 503 page).
NTM_PDF_CACHE_DIR = Path(env("NTM_PDF_CACHE_DIR", str(VAR_DIR / "pdf-cache")))
NTM_PDF_CACHE_MEGABYTES = int(env("NTM_PDF_CACHE_MEGABYTES", "500"))
NTM_PDF_SECONDS = float(env("NTM_PDF_SECONDS", "20"))
NTM_PDF_BACKGROUND_SECONDS = float(env("NTM_PDF_BACKGROUND_SECONDS", "300"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# A shared cache (Redis) when several app servers run: login and public-page throttles count
# there. Without it each process counts on its own.
# When Redis cannot be reached, or hangs, the cache fails open (logged, local cache) and is skipped
# for 30 s after a failure; its timeouts are at most half a second: see ntm_portal/lib/cache.py.
CACHE_URL = env("DJANGO_CACHE_URL")
# Meanwhile the workers of the machine share a file cache in this folder (not each its own).
NTM_CACHE_FALLBACK_DIR = Path(env("NTM_CACHE_FALLBACK_DIR", str(VAR_DIR / "cache-fallback")))
CACHES = {
    "default": (
        {
            "BACKEND": "ntm_portal.lib.cache.FailOpenRedisCache",
            "LOCATION": CACHE_URL,
            # Apart from other portals (or runs of `make load`) sharing the same Redis database.
            "KEY_PREFIX": env("DJANGO_CACHE_KEY_PREFIX", ""),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
RATELIMIT_FAIL_OPEN = True

# The client address behind the reverse proxy: X-Forwarded-For is believed only from these
# addresses or networks (comma-separated), e.g. NTM_TRUSTED_PROXIES=127.0.0.1 behind the nginx of
# docs/deploy.md. Empty: REMOTE_ADDR is the client. Used by the login lock-out and the public-page
# throttle (ntm_portal/lib/client_ip.py).
NTM_TRUSTED_PROXIES = env_list("NTM_TRUSTED_PROXIES")
RATELIMIT_IP_META_KEY = "ntm_portal.lib.client_ip.client_ip"

# Login lock-out (django-axes, ntm_portal/lib/login_throttle.py) on /accounts/login/ and
# /admin/login/: after NTM_LOGIN_FAILURE_LIMIT failed attempts for one account, or from one client
# address, further attempts are refused for NTM_LOGIN_COOLOFF_MINUTES. Only failures count; a
# successful login clears them. Counts are in the database, shared by every worker and server.
AXES_FAILURE_LIMIT = int(env("NTM_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(env("NTM_LOGIN_COOLOFF_MINUTES", "5")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "ntm_portal.lib.client_ip.client_ip"
AXES_HANDLER = "ntm_portal.lib.login_throttle.FailOpenAxesHandler"
AXES_LOCKOUT_CALLABLE = "ntm_portal.lib.login_throttle.lockout_response"
AXES_VERBOSE = False

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Size limits for uploaded decisions and import files.
NTM_MAX_UPLOAD_MB = int(env("NTM_MAX_UPLOAD_MB", "10"))
DATA_UPLOAD_MAX_MEMORY_SIZE = (NTM_MAX_UPLOAD_MB + 1) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Longest single text a form may submit (characters); longer is refused with a message.
NTM_MAX_TEXT_CHARS = int(env("NTM_MAX_TEXT_CHARS", "20000"))
# Public list of recognised communes and districts ("công khai, minh bạch"), off by default.
NTM_PUBLIC_PAGE = env_bool("NTM_PUBLIC_PAGE", False)

SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS: redirect plain HTTP and send HSTS (on when DEBUG is off). Behind a reverse proxy that
# terminates TLS, set DJANGO_TLS_PROXY=1 so that its X-Forwarded-Proto: https is believed
# (the proxy must overwrite that header); DJANGO_SECURE_SSL_REDIRECT=0 when the proxy itself
# redirects HTTP to HTTPS and talks to the portal over a private loopback.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("DJANGO_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
# Checks an operator has decided to accept (comma-separated ids), e.g. security.W008 when the
# proxy redirects to HTTPS; scripts/serve-production.sh fails on any other deploy warning.
SILENCED_SYSTEM_CHECKS = env_list("DJANGO_SILENCED_CHECKS")

# Content security policy (django-csp): scripts, styles, fonts and images only from the portal;
# no inline script anywhere, no plug-ins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Sessions end when the browser closes, and after NTM_SESSION_IDLE_MINUTES without a request
# (ntm_portal.middleware.IdleTimeoutMiddleware); the administrator sets it in the environment.
NTM_SESSION_IDLE_MINUTES = int(env("NTM_SESSION_IDLE_MINUTES", "60"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = NTM_SESSION_IDLE_MINUTES * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "forbidden_without_traceback": {
            "()": "ntm_portal.lib.log_filters.ForbiddenWithoutTraceback"
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"filters": ["forbidden_without_traceback"]},
        "django.security": {"filters": ["forbidden_without_traceback"]},
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}
