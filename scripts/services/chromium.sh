#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (Playwright's own download cannot work here)
# and prints its path.
source "$(dirname "$0")/../lib.sh"
keep_stdout_for_result

if ! command -v chromium >/dev/null 2>&1; then
  log "Installing Chromium from Debian packages"
  apt_install chromium fonts-dejavu-core
fi
result "$(command -v chromium)"
