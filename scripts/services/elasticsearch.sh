#!/usr/bin/env bash
# Runs Elasticsearch 8.19 (the minimal integ-test-zip distribution from Maven Central) on
# 127.0.0.1:9200 as an unprivileged user, single node, security off, 512 MB heap. Prints the URL.
# Safe to run again: the download and unpacked tree are cached under $SERVICES_DIR.
source "$(dirname "$0")/../lib.sh"
keep_stdout_for_result

ES_VERSION="${ES_VERSION:-8.19.7}"
ES_PORT="${ES_PORT:-9200}"
ES_USER="${ES_USER:-elasticsearch}"
URL="http://127.0.0.1:$ES_PORT"

if curl -fsS "$URL/_cluster/health" >/dev/null 2>&1; then
  log "Elasticsearch already running at $URL"; result "$URL"; exit 0
fi

# Elasticsearch refuses to run as root; it runs as $ES_USER, who must be able to reach its files.
# A checkout under a private home folder (e.g. /root) is not reachable, so the tree then lives in
# a system cache folder instead.
if ! id "$ES_USER" >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
fi
es_dir="$SERVICES_DIR/elasticsearch"
if ! su "$ES_USER" -s /bin/sh -c "test -x '$SERVICES_DIR'" 2>/dev/null; then
  es_dir="/var/cache/challenge-exchange/elasticsearch"
fi
mkdir -p "$es_dir"
home="$es_dir/elasticsearch-$ES_VERSION"

if [ ! -x "$home/bin/elasticsearch" ]; then
  zip="$es_dir/elasticsearch-$ES_VERSION.zip"
  if [ ! -f "$zip" ]; then
    log "Fetching Elasticsearch $ES_VERSION from Maven Central"
    mvn -q dependency:copy \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
      -DoutputDirectory="$es_dir" -Dmdep.stripVersion=false >&2
    mv "$es_dir/elasticsearch-$ES_VERSION.zip" "$zip" 2>/dev/null || true
  fi
  log "Unpacking $zip"
  (cd "$es_dir" && jar xf "$zip")
  chmod +x "$home"/bin/*
fi

java_home="${ES_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
mkdir -p "$es_dir/data" "$es_dir/logs"
chown -R "$ES_USER" "$es_dir"

log "Starting Elasticsearch $ES_VERSION (Java at $java_home)"
su "$ES_USER" -s /bin/sh -c "cd '$home' && ES_JAVA_HOME='$java_home' ES_JAVA_OPTS='-Xms512m -Xmx512m' \
  ./bin/elasticsearch -d -p '$es_dir/es.pid' \
  -E discovery.type=single-node -E xpack.security.enabled=false \
  -E network.host=127.0.0.1 -E http.port=$ES_PORT \
  -E path.data='$es_dir/data' -E path.logs='$es_dir/logs' \
  -E cluster.routing.allocation.disk.threshold_enabled=false" >"$es_dir/startup.log" 2>&1 3>&-

if ! wait_for 120 curl -fsS "$URL/_cluster/health?wait_for_status=yellow&timeout=1s"; then
  log "Elasticsearch did not become healthy; its log:"
  tail -50 "$es_dir"/logs/*.log >&2 || true
  exit 1
fi
log "Elasticsearch ready at $URL"
result "$URL"
