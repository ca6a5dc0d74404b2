# What the portal and its suite cannot work without, as Debian package names: one list read by
# system-deps.sh (which installs them) and check-test-deps.sh (which names what is missing).
missing_required_packages() {
  ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || echo libpango-1.0-0
  ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so' || echo libpangoft2-1.0-0
  command -v pdftoppm >/dev/null 2>&1 || echo poppler-utils
}
