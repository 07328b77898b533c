#!/usr/bin/env bash
# Stop what scripts/libvirt-up.sh started: destroy (and undefine) every domain
# whose name starts with "iaas-" on both hosts, then stop host 2's libvirtd and
# virtlogd, then host 1's (by pid file). Idempotent.
#
# Usage: scripts/libvirt-down.sh
set -euo pipefail

BASE=/var/tmp/iaas-engine
H1='qemu:///system'
H2DIR="$BASE/host2"
H2="qemu+unix:///system?socket=$H2DIR/libvirt-sock"
export PATH="/usr/sbin:/sbin:$PATH"

log() { echo "libvirt-down: $*" >&2; }
die() { echo "libvirt-down: ERROR: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root"

pid_alive() {  # pid_alive PIDFILE
    local pid
    [[ -s "$1" ]] || return 1
    pid=$(cat "$1" 2>/dev/null) || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

wait_gone() {  # wait_gone PID TIMEOUT
    local deadline=$((SECONDS + $2))
    while ((SECONDS < deadline)); do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.2
    done
    return 1
}

stop_by_pidfile() {  # stop_by_pidfile PIDFILE NAME
    local pid
    if ! pid_alive "$1"; then
        rm -f "$1"
        return 0
    fi
    pid=$(cat "$1")
    log "stopping $2 (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" 20; then
        log "$2 (pid $pid) did not stop in 20 s, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        wait_gone "$pid" 5 || die "$2 (pid $pid) will not die"
    fi
    rm -f "$1"
}

clean_domains() {  # clean_domains URI LABEL
    local uri=$1 label=$2 names n others
    if ! timeout 10 virsh -c "$uri" version >/dev/null 2>&1; then
        log "$label not answering: no domains to clean"
        return 0
    fi
    names=$(timeout 30 virsh -q -c "$uri" list --all --name | sed '/^$/d') \
        || die "cannot list domains on $label"
    for n in $names; do
        [[ "$n" == iaas-* ]] || continue
        if timeout 20 virsh -q -c "$uri" domid "$n" 2>/dev/null | grep -q '[0-9]'; then
            log "$label: destroying $n"
            timeout 60 virsh -q -c "$uri" destroy "$n" >/dev/null \
                || log "WARNING: $label: could not destroy $n"
        fi
        if timeout 20 virsh -q -c "$uri" dominfo "$n" >/dev/null 2>&1; then
            log "$label: undefining $n"
            timeout 30 virsh -q -c "$uri" undefine --managed-save --snapshots-metadata "$n" >/dev/null \
                || log "WARNING: $label: could not undefine $n"
        fi
    done
    others=$(timeout 30 virsh -q -c "$uri" list --name | sed '/^$/d' | tr '\n' ' ' || true)
    [[ -z "$others" ]] || log "WARNING: $label still runs non-iaas domains, left alone: $others"
}

clean_domains "$H2" "host 2"
clean_domains "$H1" "host 1"

stop_by_pidfile "$H2DIR/libvirtd.pid" "host 2 libvirtd"
stop_by_pidfile "$H2DIR/virtlogd.pid" "host 2 virtlogd"
rm -f "$H2DIR"/libvirt-sock "$H2DIR"/libvirt-sock-ro "$H2DIR"/libvirt-admin-sock
stop_by_pidfile /run/libvirtd.pid "host 1 libvirtd"
stop_by_pidfile /run/virtlogd.pid "host 1 virtlogd"

log "stopped"
