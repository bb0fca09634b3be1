#!/usr/bin/env bash
# The whole suite: against PostgreSQL, Elasticsearch, stripe-mock and SeaweedFS (the ones named by
# DATABASE_URL, ELASTICSEARCH_URL, STRIPE_API_BASE and S3_ENDPOINT_URL, or local ones started here), then the
# embedded SQLite profile. Extra arguments go to pytest.
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"
PY="$REPO_ROOT/.venv/bin/python"

export DATABASE_URL="${DATABASE_URL:-$(scripts/services/postgres.sh)}"
export ELASTICSEARCH_URL="${ELASTICSEARCH_URL:-$(scripts/services/elasticsearch.sh)}"
export STRIPE_API_BASE="${STRIPE_API_BASE:-$(scripts/services/stripe-mock.sh)}"
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(scripts/services/chromium.sh)}"
# The S3-compatible store (SeaweedFS) for object storage and the two-node test; its key is the
# script's local default unless S3_ACCESS_KEY_ID/S3_SECRET_ACCESS_KEY say otherwise.
export S3_ENDPOINT_URL="${S3_ENDPOINT_URL:-$(scripts/services/seaweedfs.sh)}"
# The analysis chain the test cluster supports (docs/decisions/0002-search-analysis-chain.md).
export ELASTICSEARCH_ANALYSIS="${ELASTICSEARCH_ANALYSIS:-standard}"

# WeasyPrint subsets the fonts it embeds in PDFs with HarfBuzz's subset library; without it, it
# warns, and the suite treats warnings as errors.
if ! ldconfig -p | grep 'libharfbuzz-subset\.so' >/dev/null; then
  log "Installing HarfBuzz's subset library for WeasyPrint"
  apt_install libharfbuzz-subset0
fi

log "Checking for missing migrations"
"$PY" manage.py makemigrations --check --dry-run

log "Suite against PostgreSQL, Elasticsearch and stripe-mock"
"$PY" -m pytest "$@"

log "Suite on the embedded profile (SQLite, database search, no Stripe)"
env -u DATABASE_URL -u ELASTICSEARCH_URL -u STRIPE_API_BASE VAR_DIR="$(mktemp -d)" \
  "$PY" -m pytest -m "not elasticsearch and not stripe and not e2e and not postgresql and not s3" "$@"
