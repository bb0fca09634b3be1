#!/usr/bin/env bash
# Builds stripe-mock from its Go module (cached under $SERVICES_DIR/bin) and runs it on
# 127.0.0.1:12111. Prints the API base URL. Safe to run again.
source "$(dirname "$0")/../lib.sh"
keep_stdout_for_result

STRIPE_MOCK_VERSION="${STRIPE_MOCK_VERSION:-v0.203.0}"
URL="http://127.0.0.1:12111"
bin="$SERVICES_DIR/bin/stripe-mock"

if curl -fsS -o /dev/null -H "Authorization: Bearer sk_test_123" "$URL/v1/balance" 2>/dev/null; then
  log "stripe-mock already running at $URL"; result "$URL"; exit 0
fi
if [ ! -x "$bin" ]; then
  log "Building stripe-mock $STRIPE_MOCK_VERSION"
  GOBIN="$SERVICES_DIR/bin" go install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION" >&2
fi
log "Starting stripe-mock"
nohup "$bin" -http-port 12111 -https-port 12112 >"$SERVICES_DIR/stripe-mock.log" 2>&1 3>&- &
echo $! >"$SERVICES_DIR/stripe-mock.pid"
if ! wait_for 30 curl -fsS -o /dev/null -H "Authorization: Bearer sk_test_123" "$URL/v1/balance"; then
  log "stripe-mock did not start:"; tail -20 "$SERVICES_DIR/stripe-mock.log" >&2; exit 1
fi
log "stripe-mock ready at $URL"
result "$URL"
