#!/usr/bin/env bash
# What the browser checks need beyond Python packages: Debian's Chromium (Playwright drives it),
# Java and the Nu HTML Checker (vnu.jar, from the vnu-jar npm package, into .venv/vnu/).
# Installs with apt-get when run as root; otherwise says what is missing. The browser tests skip
# without these on a workstation and fail under CI (tests/e2e/conftest.py).
set -euo pipefail
cd "$(dirname "$0")/.."
VNU_VERSION=26.9.27
missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(npm)
scripts/apt-install.sh "cho kiểm thử trình duyệt" "${missing[@]}"
jar=.venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar
if [ ! -f "$jar" ]; then
  mkdir -p .venv/vnu
  npm install --silent --no-audit --no-fund --prefix .venv/vnu "vnu-jar@$VNU_VERSION"
fi
echo "vnu.jar: $jar"
