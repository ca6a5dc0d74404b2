#!/usr/bin/env bash
# Production start: PostgreSQL through DATABASE_URL, static files by whitenoise, gunicorn.
# Refuses to start without a real secret key (not the example value, at least 50 characters) or a
# database URL, and on any deploy-check warning (silence an accepted one with
# DJANGO_SILENCED_CHECKS, see docs/deploy.md).
#
# PYTHON names the interpreter of the portal's environment (default: .venv/bin/python of the
# checkout when it exists, else python3 on the PATH); gunicorn runs as its module.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
: "${DJANGO_SECRET_KEY:?Thiếu DJANGO_SECRET_KEY (xem .env.example)}"
"$PYTHON" -m ntm_portal.lib.secret_key
: "${DATABASE_URL:?Thiếu DATABASE_URL, ví dụ postgres://ntm:matkhau@127.0.0.1:5432/ntm}"
export DJANGO_DEBUG=0
"$PYTHON" manage.py check --deploy --fail-level WARNING
"$PYTHON" manage.py migrate --no-input
"$PYTHON" manage.py collectstatic_when_changed
"$PYTHON" manage.py load_reference_data
# A worker is replaced after GUNICORN_MAX_REQUESTS requests (with jitter so that they do not all
# restart together): memory taken by one bad request is not kept for ever.
# Each worker serves GUNICORN_THREADS requests at once (gthread): a request spends much of its
# time waiting on PostgreSQL, the PDF cache's files or a render's child process, and a waiting
# thread leaves the CPU to the others, where a sync worker sat idle (issue #22, `make load`:
# the cached dossier's p99 over 2 s at 50 connections on 3 sync workers). Keep-alive connections
# from the reverse proxy are kept too.
exec "$PYTHON" -m gunicorn ntm_portal.wsgi:application \
  --bind "${GUNICORN_BIND:-127.0.0.1:8000}" --workers "${GUNICORN_WORKERS:-3}" \
  --worker-class gthread --threads "${GUNICORN_THREADS:-4}" \
  --max-requests "${GUNICORN_MAX_REQUESTS:-1000}" \
  --max-requests-jitter "${GUNICORN_MAX_REQUESTS_JITTER:-100}" \
  --timeout "${GUNICORN_TIMEOUT:-30}" --access-logfile -
