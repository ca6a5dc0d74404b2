#!/usr/bin/env bash
# System programs and libraries the portal and its test suite need beyond Python packages:
# Pango for WeasyPrint (PDFs) and poppler-utils (pdftoppm, pdftotext: the suite reads printed
# documents back as pictures). Fonts are shipped in static/fonts, so nothing else is assumed.
# Installs with apt-get when run as root on Debian/Ubuntu; otherwise says what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/required-programs.sh
. scripts/required-programs.sh
missing=($(missing_required_packages))
command -v python3 >/dev/null || missing+=(python3 python3-venv)
scripts/apt-install.sh "thư viện hệ thống" "${missing[@]}"
