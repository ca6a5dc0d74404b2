#!/usr/bin/env bash
# Before the suite: the system programs it calls are there, or one line says what is missing and
# how to install it (make setup installs them when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/required-programs.sh
missing=($(missing_required_packages))
if [ ${#missing[@]} -gt 0 ]; then
  echo "Thiếu chương trình cho bộ kiểm thử: ${missing[*]} — cài bằng: sudo apt-get install ${missing[*]} (hoặc chạy make setup với quyền root)." >&2
  exit 1
fi
