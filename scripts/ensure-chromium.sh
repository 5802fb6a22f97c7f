#!/usr/bin/env bash
# Playwright drives Debian's Chromium (its own browser download cannot work on these machines).
# Installs it, with CJK and Thai fonts for screenshots, when missing and running as root.
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then exit 0; fi
packages="chromium fonts-noto-cjk fonts-thai-tlwg"
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing Debian's Chromium for the browser tests: $packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq $packages >/dev/null
else
  echo "The browser tests need Debian's Chromium at /usr/bin/chromium. Install it with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y $packages" >&2
  exit 1
fi
