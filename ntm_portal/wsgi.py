import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm_portal.settings")
application = get_wsgi_application()


def _refuse_an_unsafe_secret_key():
    """gunicorn started by hand (not through scripts/serve-production.sh) is refused too."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from ntm_portal.lib.secret_key import secret_key_problem

    problem = None if settings.DEBUG else secret_key_problem(os.environ.get("DJANGO_SECRET_KEY"))
    if problem:
        raise ImproperlyConfigured(problem)


_refuse_an_unsafe_secret_key()
