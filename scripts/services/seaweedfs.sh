#!/usr/bin/env bash
# Runs SeaweedFS (Apache-2.0) as an S3-compatible object store on 127.0.0.1:8333: one master,
# one volume server, a filer and the S3 gateway in a single `weed server` process, data under
# $SERVICES_DIR/seaweedfs-data. Built from its Go module (cached under $SERVICES_DIR; the first
# build takes several minutes). Prints the S3 endpoint URL. Safe to run again.
#
# The store accepts one key, S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY (defaults below, for local
# use only); callers use the same variables.
source "$(dirname "$0")/../lib.sh"
keep_stdout_for_result

SEAWEEDFS_VERSION="${SEAWEEDFS_VERSION:-v0.0.0-20261109003541-7506e5f91cd6}"
S3_PORT="${SEAWEEDFS_S3_PORT:-8333}"
MASTER_PORT="${SEAWEEDFS_MASTER_PORT:-9333}"
ACCESS_KEY="${S3_ACCESS_KEY_ID:-challenge-exchange}"
SECRET_KEY="${S3_SECRET_ACCESS_KEY:-challenge-exchange-local-secret}"
URL="http://127.0.0.1:$S3_PORT"
bin="$SERVICES_DIR/seaweedfs-$SEAWEEDFS_VERSION/weed"
data="$SERVICES_DIR/seaweedfs-data"

s3_answers() { curl -sS -o /dev/null "$URL/"; }

if s3_answers 2>/dev/null; then
  log "SeaweedFS already running at $URL"; result "$URL"; exit 0
fi
if [ ! -x "$bin" ]; then
  # `go install …@version` refuses this module (its go.mod has replace directives), so build
  # the downloaded module in place.
  log "Building SeaweedFS $SEAWEEDFS_VERSION (takes several minutes)"
  started=$(date +%s)
  dir="$(go mod download -json "github.com/seaweedfs/seaweedfs@$SEAWEEDFS_VERSION" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  mkdir -p "$(dirname "$bin")"
  (cd "$dir" && go build -o "$bin.partial" ./weed) >&2
  mv "$bin.partial" "$bin"
  log "Built SeaweedFS in $(($(date +%s) - started)) s"
fi

mkdir -p "$data"
cat >"$data/s3.json" <<JSON
{"identities": [{"name": "challenge-exchange",
  "credentials": [{"accessKey": "$ACCESS_KEY", "secretKey": "$SECRET_KEY"}],
  "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
JSON
log "Starting SeaweedFS"
nohup "$bin" server -ip=127.0.0.1 -ip.bind=127.0.0.1 -dir="$data" \
  -master.port="$MASTER_PORT" -master.volumeSizeLimitMB=256 -volume.max=64 \
  -s3 -s3.port="$S3_PORT" -s3.config="$data/s3.json" \
  >"$SERVICES_DIR/seaweedfs.log" 2>&1 3>&- &
echo $! >"$SERVICES_DIR/seaweedfs.pid"
# Ready when the S3 gateway answers and the master can place a file on a volume.
if ! wait_for 120 bash -c "curl -sS -o /dev/null '$URL/' && curl -fsS 'http://127.0.0.1:$MASTER_PORT/dir/assign' | grep -q fid"; then
  log "SeaweedFS did not start:"; tail -20 "$SERVICES_DIR/seaweedfs.log" >&2; exit 1
fi
log "SeaweedFS ready at $URL"
result "$URL"
