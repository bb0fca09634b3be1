#!/usr/bin/env bash
# Installs wrk, the HTTP load generator `make bench` drives the production server with, from
# Debian's packages. Prints its path. Safe to run again.
source "$(dirname "$0")/lib.sh"
keep_stdout_for_result

if ! command -v wrk >/dev/null 2>&1; then
  log "Installing wrk from Debian packages"
  apt_install wrk
fi
result "$(command -v wrk)"
