#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver for the console's headless-browser test, and a Chinese font so that
# the zh-CN screenshots the shift test saves show text rather than boxes, when missing.
# Idempotent and quiet: prints one line when it installs, nothing when all are already there.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && fc-list 2>/dev/null | grep -qi wqy; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "installing chromium, chromium-driver and fonts-wqy-zenhei (Debian packages) for the browser tests"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver fonts-wqy-zenhei >/dev/null
