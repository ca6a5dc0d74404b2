#!/usr/bin/env bash
# What the browser checks need beyond Python packages: Debian's Chromium and its headless shell
# (Playwright drives the shell), Java and the Nu HTML Checker (vnu.jar, from the vnu-jar npm
# package, into .venv/vnu/).
# Installs with apt-get when run as root; otherwise says what is missing. The browser tests skip
# without these on a workstation and fail under CI (tests/e2e/conftest.py).
# --optional (make setup): a machine where they cannot be installed gets one line saying so, and
# setup goes on.
set -euo pipefail
cd "$(dirname "$0")/.."
optional=0
[ "${1:-}" = "--optional" ] && optional=1
VNU_VERSION=26.9.27
missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
# The browser tests run in Chromium's headless shell where it exists (the same Blink without the
# browser's own layers: the crawl of every page took a fifth less CPU time); Chromium otherwise.
command -v chromium-headless-shell >/dev/null 2>&1 || missing+=(chromium-headless-shell)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ! scripts/apt-install.sh "cho kiểm thử trình duyệt" "${missing[@]}"; then
  if [ "$optional" = 1 ]; then
    echo "Kiểm thử trình duyệt sẽ bị bỏ qua trên máy này (thiếu ${missing[*]})." >&2
    exit 0
  fi
  exit 1
fi
jar=.venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar
if [ ! -f "$jar" ]; then
  mkdir -p .venv/vnu
  if ! npm install --silent --no-audit --no-fund --prefix .venv/vnu "vnu-jar@$VNU_VERSION"; then
    [ "$optional" = 1 ] && { echo "Không tải được vnu.jar: kiểm tra HTML trong kiểm thử trình duyệt sẽ bị bỏ qua." >&2; exit 0; }
    exit 1
  fi
fi
echo "vnu.jar: $jar"
