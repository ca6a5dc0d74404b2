#!/usr/bin/env bash
# apt-install.sh "what for" PACKAGE...: install Debian packages with apt-get when run as root;
# otherwise say what is missing and how to install it, and fail. Nothing to do without packages.
set -euo pipefail
purpose="$1"
shift
if [ $# -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Cài $purpose: $*"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
else
  echo "Thiếu $purpose: $* (cài bằng: sudo apt-get install $*)" >&2
  exit 1
fi
