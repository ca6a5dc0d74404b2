#!/usr/bin/env bash
# `make restore DUMP=var/backups/ntm-….dump MEDIA=var/backups/ntm-media-….tar.gz`:
# restore a backup of scripts/backup.sh into the EMPTY database of DATABASE_URL (create it first:
# `createdb ntm`) and the uploaded files into NTM_MEDIA_ROOT. No `--clean`: restoring over an
# existing database is refused rather than half-done; the restore runs in one transaction and
# stops at the first error.
set -euo pipefail
cd "$(dirname "$0")/.."
# PYTHON: the portal's interpreter (default .venv/bin/python of the checkout, else python3).
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
dump="${1:-${DUMP:-}}"
media="${2:-${MEDIA:-}}"
: "${DATABASE_URL:?Thiếu DATABASE_URL (postgres://…) của cơ sở dữ liệu trống cần khôi phục vào}"
if [ -z "$dump" ] || [ ! -f "$dump" ]; then
  echo "Cần tệp sao lưu cơ sở dữ liệu: make restore DUMP=var/backups/ntm-….dump MEDIA=…tar.gz" >&2
  exit 1
fi
tables="$(psql "$DATABASE_URL" -tAc "select count(*) from information_schema.tables where table_schema = 'public'")"
if [ "$tables" != "0" ]; then
  echo "Cơ sở dữ liệu đích đã có $tables bảng: chỉ khôi phục vào cơ sở dữ liệu trống (createdb tên-mới)." >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$dump"
echo "Đã khôi phục cơ sở dữ liệu từ $dump"
if [ -n "$media" ]; then
  media_root="$("$PYTHON" manage.py shell -c 'from django.conf import settings; print(settings.MEDIA_ROOT)' 2>/dev/null | tail -n1)"
  mkdir -p "$media_root"
  tar -C "$media_root" -xzf "$media"
  echo "Đã khôi phục tệp tải lên vào $media_root"
fi
