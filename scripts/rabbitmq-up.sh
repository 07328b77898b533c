#!/usr/bin/env bash
# Bring up the RabbitMQ the agent tests use, on a bare Debian 12 machine without systemd: installs
# Debian's rabbitmq-server when missing, starts it detached, waits until it answers, and makes the
# vhost and users:
#   vhost iaas; user iaas-orchestrator (password iaas-orchestrator): everything on the vhost;
#   users iaas-agent-<node> (password the same as the user name) for the test nodes: configure and
#   read only their own queue hva-handle.<node>, write only to the default exchange.
# AMQP on 127.0.0.1:5672. Idempotent: a second run only checks and returns.
# Usage: scripts/rabbitmq-up.sh [node ...]   (default nodes: test-node host1 host2)
set -euo pipefail
log() { echo "rabbitmq-up: $*" >&2; }
die() { echo "rabbitmq-up: ERROR: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "must run as root"
nodes=("$@")
((${#nodes[@]})) || nodes=(test-node host1 host2)
for n in "${nodes[@]}"; do
    [[ "$n" =~ ^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$ ]] || die "bad node name '$n'"
done

if ! command -v rabbitmq-server >/dev/null; then
    log "installing rabbitmq-server"
    export DEBIAN_FRONTEND=noninteractive
    timeout 600 apt-get update -q >/dev/null
    timeout 900 apt-get install -y -q rabbitmq-server >/dev/null
fi
if ! timeout 20 rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
    log "starting rabbitmq-server"
    rabbitmq-server -detached
    for i in $(seq 1 120); do
        timeout 20 rabbitmq-diagnostics -q ping >/dev/null 2>&1 && break
        sleep 1
        [[ $i -eq 120 ]] && die "the broker did not answer within 2 minutes (see /var/log/rabbitmq)"
    done
fi
# The node answers pings before its app has finished booting.
timeout 120 rabbitmqctl -q await_startup >/dev/null || die "the broker did not finish starting (see /var/log/rabbitmq)"
ctl() { timeout 60 rabbitmqctl -q "$@"; }
ctl list_vhosts | grep -qx iaas || ctl add_vhost iaas
ensure_user() {  # name password configure write read
    ctl list_users | awk '{print $1}' | grep -qx -- "$1" || ctl add_user "$1" "$2" >/dev/null
    ctl set_permissions -p iaas "$1" "$3" "$4" "$5"
}
ensure_user iaas-orchestrator iaas-orchestrator '.*' '.*' '.*'
for n in "${nodes[@]}"; do
    q="^hva-handle\\.${n//./\\.}\$"
    # Its own queue only; it publishes its answers through the default exchange.
    ensure_user "iaas-agent-$n" "iaas-agent-$n" "$q" '^amq\.default$' "$q"
done
log "RabbitMQ up: amqp://127.0.0.1:5672/iaas (users iaas-orchestrator, iaas-agent-{${nodes[*]}})"
