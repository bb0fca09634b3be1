#!/usr/bin/env bash
# Starts PostgreSQL from Debian's packages on 127.0.0.1:5432 with a role and database for the
# tests, and prints the DATABASE_URL to use. Safe to run again.
source "$(dirname "$0")/../lib.sh"
keep_stdout_for_result

PG_USER="${PG_USER:-challenge_exchange}"
PG_PASSWORD="${PG_PASSWORD:-challenge_exchange}"
PG_DB="${PG_DB:-challenge_exchange}"

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  log "Installing PostgreSQL from Debian packages"
  apt_install postgresql
fi

version="$(pg_lsclusters -h | awk 'NR==1 {print $1}')"
cluster="$(pg_lsclusters -h | awk 'NR==1 {print $2}')"
if [ -z "$version" ]; then
  version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
  cluster=main
  log "Creating PostgreSQL $version cluster"
  pg_createcluster "$version" "$cluster" -p 5432 >/dev/null
fi

# Debian's defaults (128 MB of shared buffers, 4 MB of work memory) are sized for a small shared
# host: at 1,000,000 notices a common word's ranked page read its rows from the operating system's
# cache and its bitmap went lossy. A quarter of the memory for buffers and half for the planner's
# idea of the cache are PostgreSQL's own sizing advice; JIT compiling costs more than these
# short queries take. docs/architecture.md ("Profiles") gives the same settings for servers.
memory_mb=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 ))
tuning="/etc/postgresql/$version/$cluster/conf.d/challenge-exchange.conf"
wanted="shared_buffers = $(( memory_mb / 4 ))MB
effective_cache_size = $(( memory_mb / 2 ))MB
work_mem = 32MB
jit = off"
restart=
if [ "$(cat "$tuning" 2>/dev/null)" != "$wanted" ]; then
  printf '%s\n' "$wanted" > "$tuning"
  restart=yes
fi

if ! pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1==v && $2==c {print $4}' | grep -q online; then
  log "Starting PostgreSQL $version/$cluster"
  pg_ctlcluster "$version" "$cluster" start 3>&-
elif [ -n "$restart" ]; then
  log "Restarting PostgreSQL $version/$cluster with the settings in $tuning"
  pg_ctlcluster "$version" "$cluster" restart 3>&-
fi
wait_for 30 pg_isready -q -h 127.0.0.1 -p 5432

as_postgres() { (cd / && su postgres -c "$*"); }
if ! as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'\"" | grep -q 1; then
  as_postgres "psql -qc \"CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD'\""
fi
if ! as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='$PG_DB'\"" | grep -q 1; then
  as_postgres "createdb -O $PG_USER $PG_DB"
fi
log "PostgreSQL ready on 127.0.0.1:5432"
result "postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:5432/$PG_DB"
