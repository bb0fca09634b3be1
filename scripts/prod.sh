#!/usr/bin/env bash
# `make prod`: the production profile (DJANGO_ENV=production) on this machine, against
# PostgreSQL, Elasticsearch, stripe-mock and SeaweedFS (S3), with every process of the Procfile:
# web (gunicorn on http://localhost:8000), task worker and scheduler. Ctrl-C stops them all.
# Secrets are made once and kept in var/prod/secrets.env; data is in the database
# challenge_exchange_prod and the bucket challenge-exchange.
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
PY="$REPO_ROOT/.venv/bin/python"

export DATABASE_URL="${DATABASE_URL:-$(PG_DB=challenge_exchange_prod scripts/services/postgres.sh)}"
export ELASTICSEARCH_URL="${ELASTICSEARCH_URL:-$(scripts/services/elasticsearch.sh)}"
export ELASTICSEARCH_ANALYSIS="${ELASTICSEARCH_ANALYSIS:-standard}"
export STRIPE_API_BASE="${STRIPE_API_BASE:-$(scripts/services/stripe-mock.sh)}"
export S3_ENDPOINT_URL="${S3_ENDPOINT_URL:-$(scripts/services/seaweedfs.sh)}"
export S3_ACCESS_KEY_ID="${S3_ACCESS_KEY_ID:-challenge-exchange}"
export S3_SECRET_ACCESS_KEY="${S3_SECRET_ACCESS_KEY:-challenge-exchange-local-secret}"
export S3_BUCKET="${S3_BUCKET:-challenge-exchange}"

export VAR_DIR="${VAR_DIR:-$REPO_ROOT/var/prod}"
mkdir -p "$VAR_DIR"
secrets="$VAR_DIR/secrets.env"
if [ ! -f "$secrets" ]; then
  log "Making this machine's secret key and sealed-box master key ($secrets)"
  (umask 077 && "$PY" -c 'import base64, os, secrets
print("DJANGO_SECRET_KEY=" + secrets.token_urlsafe(50))
print("SEALED_BOX_MASTER_KEY=" + base64.b64encode(os.urandom(32)).decode())' >"$secrets")
fi
set -a; source "$secrets"; set +a

export DJANGO_ENV=production
export DJANGO_ALLOWED_HOSTS="${DJANGO_ALLOWED_HOSTS:-localhost,127.0.0.1}"
export SITE_URL="${SITE_URL:-http://localhost:8000}"
# Locally there is no TLS proxy in front: no redirect to HTTPS. Browsers keep secure cookies
# for http://localhost.
export DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_HSTS_SECONDS=0
export EMAIL_URL="${EMAIL_URL:-consolemail://}"
export STRIPE_SECRET_KEY="${STRIPE_SECRET_KEY:-sk_test_demo}"
export STRIPE_WEBHOOK_SECRET="${STRIPE_WEBHOOK_SECRET:-whsec_demo}"
export WEB_BIND="${WEB_BIND:-127.0.0.1:8000}"
export STATIC_ROOT="${STATIC_ROOT:-$VAR_DIR/static}"

log "Preparing: migrations, bucket, static files"
"$PY" manage.py migrate --no-input >&2
"$PY" manage.py prepare_object_store >&2
"$PY" manage.py collectstatic --no-input >&2
"$PY" manage.py check >&2

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
}
trap stop INT TERM EXIT
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue ;; esac
  name="${line%%:*}"
  command="${line#*: }"
  log "Starting $name: $command"
  bash -c "exec $command" &
  pids+=("$!")
done <Procfile
log "Challenge Exchange (production profile): $SITE_URL   Ctrl-C stops every process."
# One process ending ends them all, as a process supervisor would report it.
wait -n
