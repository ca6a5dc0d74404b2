# What the portal and its suite cannot work without, as Debian package names: one list read by
# system-deps.sh (which installs them) and check-test-deps.sh (which names what is missing).
missing_required_packages() {
  # The library list is read once: `ldconfig -p | grep -q` fails under pipefail when grep stops
  # reading early and ldconfig gets SIGPIPE, reporting a present library as missing.
  local libraries
  libraries="$(ldconfig -p 2>/dev/null || true)"
  grep -q 'libpango-1.0.so' <<<"$libraries" || echo libpango-1.0-0
  grep -q 'libpangoft2-1.0.so' <<<"$libraries" || echo libpangoft2-1.0-0
  # poppler-utils: pdftoppm (PDF pages as pictures) and pdftotext (PDF text, tests/pdftext.py).
  { command -v pdftoppm && command -v pdftotext; } >/dev/null 2>&1 || echo poppler-utils
}
