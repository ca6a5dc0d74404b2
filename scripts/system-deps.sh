#!/usr/bin/env bash
# System libraries the portal needs beyond Python packages: Pango for WeasyPrint (PDFs).
# Fonts are shipped in static/fonts, so nothing else is assumed. Installs with apt-get when
# run as root on Debian/Ubuntu; otherwise says what is missing.
set -euo pipefail
missing=()
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || missing+=(libpangoft2-1.0-0)
command -v python3 >/dev/null || missing+=(python3 python3-venv)
"$(dirname "$0")/apt-install.sh" "thư viện hệ thống" "${missing[@]}"
