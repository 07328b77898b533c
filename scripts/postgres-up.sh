#!/usr/bin/env bash
# Bring up the PostgreSQL the journal's tests use, on a bare Debian 12 machine without systemd:
# installs Debian's postgresql when missing, starts its cluster, and makes the role and database
#   user iaas, password iaas, database iaas_journal, on 127.0.0.1:5432
# (the URL the tests read: jdbc:postgresql://127.0.0.1:5432/iaas_journal).
# Idempotent: a second run only checks and returns.
set -euo pipefail
log() { echo "postgres-up: $*" >&2; }
die() { echo "postgres-up: ERROR: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "must run as root"

if ! command -v pg_ctlcluster >/dev/null || [[ -z "$(ls /etc/postgresql 2>/dev/null)" ]]; then
    log "installing postgresql"
    export DEBIAN_FRONTEND=noninteractive
    timeout 600 apt-get update -q >/dev/null
    timeout 900 apt-get install -y -q postgresql >/dev/null
fi
VERSION=$(ls /etc/postgresql | sort -V | tail -n1)
[[ -n "$VERSION" ]] || die "no cluster under /etc/postgresql"
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" && $4 == "online" { found = 1 } END { exit !found }'; then
    log "starting cluster $VERSION/main"
    timeout 120 pg_ctlcluster --skip-systemctl-redirect "$VERSION" main start \
        || die "cluster $VERSION/main did not start (see /var/log/postgresql/postgresql-$VERSION-main.log)"
fi
psql_admin() { timeout 60 runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtAX "$@"; }
for i in $(seq 1 60); do
    psql_admin -c 'SELECT 1' >/dev/null 2>&1 && break
    sleep 0.5
    [[ $i -eq 60 ]] && die "cluster $VERSION/main does not answer"
done
if [[ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'iaas'")" != 1 ]]; then
    psql_admin -c "CREATE ROLE iaas LOGIN PASSWORD 'iaas'"
fi
if [[ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'iaas_journal'")" != 1 ]]; then
    psql_admin -c "CREATE DATABASE iaas_journal OWNER iaas"
fi
log "PostgreSQL $VERSION up: jdbc:postgresql://127.0.0.1:5432/iaas_journal (user iaas)"
