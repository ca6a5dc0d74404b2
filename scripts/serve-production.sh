#!/usr/bin/env bash
# Production start: PostgreSQL through DATABASE_URL, static files by whitenoise, gunicorn.
# Refuses to start without a real secret key (not the example value, at least 50 characters) or a
# database URL, and on any deploy-check warning (silence an accepted one with
# DJANGO_SILENCED_CHECKS, see docs/deploy.md).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DJANGO_SECRET_KEY:?Thiếu DJANGO_SECRET_KEY (xem .env.example)}"
.venv/bin/python -m ntm_portal.lib.secret_key
: "${DATABASE_URL:?Thiếu DATABASE_URL, ví dụ postgres://ntm:matkhau@127.0.0.1:5432/ntm}"
export DJANGO_DEBUG=0
.venv/bin/python manage.py check --deploy --fail-level WARNING
.venv/bin/python manage.py migrate --no-input
.venv/bin/python manage.py collectstatic --no-input -v0
.venv/bin/python manage.py load_reference_data
# A worker is replaced after GUNICORN_MAX_REQUESTS requests (with jitter so that they do not all
# restart together): memory taken by one bad request is not kept for ever.
exec .venv/bin/gunicorn ntm_portal.wsgi:application \
  --bind "${GUNICORN_BIND:-127.0.0.1:8000}" --workers "${GUNICORN_WORKERS:-3}" \
  --max-requests "${GUNICORN_MAX_REQUESTS:-1000}" \
  --max-requests-jitter "${GUNICORN_MAX_REQUESTS_JITTER:-100}" \
  --timeout "${GUNICORN_TIMEOUT:-30}" --access-logfile -
