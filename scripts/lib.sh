# Shared by the scripts in this folder. Sourced, not run.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVICES_DIR="${SERVICES_DIR:-$REPO_ROOT/.services}"
mkdir -p "$SERVICES_DIR"

# A service script prints only its address on stdout, so callers can take it with $(...);
# whatever the commands it runs print (e.g. pg_ctlcluster's "Removed stale pid file.") goes to
# stderr instead. Call keep_stdout_for_result first, then print the address with result.
# A daemon started from such a script must have fd 3 closed (3>&-): it would otherwise inherit
# the caller's stdout kept there and hold the caller's $(...) open for as long as it runs.
keep_stdout_for_result() { exec 3>&1 1>&2; }
result() { printf '%s\n' "$*" >&3; }

log() { printf '\033[1m[%s]\033[0m %s\n' "$(basename "$0" .sh)" "$*" >&2; }

# Wait until a command succeeds, up to $1 seconds.
wait_for() {
  local seconds="$1"; shift
  local waited=0
  until "$@" >/dev/null 2>&1; do
    sleep 1
    waited=$((waited + 1))
    if [ "$waited" -ge "$seconds" ]; then return 1; fi
  done
}

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    log "Need root to apt-get install $*; install them and run again."; return 1
  fi
  if [ ! -f "$SERVICES_DIR/.apt-updated" ]; then
    apt-get update -qq && touch "$SERVICES_DIR/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
