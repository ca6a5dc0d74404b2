#!/usr/bin/env bash
# Production start: PostgreSQL through DATABASE_URL, static files by whitenoise, gunicorn.
# Refuses to start without a real secret key or a database URL.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DJANGO_SECRET_KEY:?Thiếu DJANGO_SECRET_KEY (xem .env.example)}"
: "${DATABASE_URL:?Thiếu DATABASE_URL, ví dụ postgres://ntm:matkhau@127.0.0.1:5432/ntm}"
export DJANGO_DEBUG=0
.venv/bin/python manage.py check --deploy --fail-level ERROR
.venv/bin/python manage.py migrate --no-input
.venv/bin/python manage.py collectstatic --no-input -v0
.venv/bin/python manage.py load_reference_data
exec .venv/bin/gunicorn ntm_portal.wsgi:application \
  --bind "${GUNICORN_BIND:-127.0.0.1:8000}" --workers "${GUNICORN_WORKERS:-3}" --access-logfile -
