#!/usr/bin/env bash
# `make backup`: the PostgreSQL database (pg_dump custom format) and the uploaded files
# (NTM_MEDIA_ROOT, as a tar.gz) into BACKUP_DIR (default var/backups), named by date and time.
# The dump carries no owner or privileges, so it restores into any empty database (scripts/restore.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# PYTHON: the portal's interpreter (default .venv/bin/python of the checkout, else python3).
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
: "${DATABASE_URL:?Thiếu DATABASE_URL (postgres://…) của cơ sở dữ liệu cần sao lưu}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "Sao lưu chỉ dành cho PostgreSQL (DATABASE_URL=$DATABASE_URL)." >&2; exit 1 ;;
esac
backup_dir="${BACKUP_DIR:-var/backups}"
media_root="$("$PYTHON" manage.py shell -c 'from django.conf import settings; print(settings.MEDIA_ROOT)' 2>/dev/null | tail -n1)"
stamp="$(date +%Y-%m-%d-%H%M%S)"
mkdir -p "$backup_dir" "$media_root"
dump="$backup_dir/ntm-$stamp.dump"
media="$backup_dir/ntm-media-$stamp.tar.gz"
pg_dump --format=custom --no-owner --no-privileges --file="$dump" "$DATABASE_URL"
tar -C "$media_root" -czf "$media" .
echo "Đã sao lưu cơ sở dữ liệu vào $dump"
echo "Đã sao lưu tệp tải lên ($media_root) vào $media"
