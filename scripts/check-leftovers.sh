#!/usr/bin/env bash
# Run after the test suite (CI does): fails when the suites left anything of theirs on either real
# host. Lists, for host 1 (qemu:///system) and host 2 (the second libvirtd of scripts/libvirt-up.sh):
#   - domains named iaas-* (defined or running; the tiny guest is named otherwise),
#   - QEMU processes whose -name is iaas-* (a process libvirt no longer knows),
#   - libvirt's per-domain status files /run/libvirt/qemu/iaas-*.xml (host 1; host 2's under
#     /var/tmp/iaas-engine/host2/state/run-libvirt/qemu),
# and files left in the shared storage directory /var/tmp/iaas-engine/storage (the suites put
# their disk copies and definition stores in directories of their own under it, and remove them);
# on the broker, messages left in any queue of vhost iaas and the tests' orchestrator reply queues.
# Exit 0 when nothing is left, 1 with a list otherwise.
#
# With --remove (run-tests.sh runs it before the suite): what an earlier run left (a run stopped
# from outside never reaches its own cleanup) is listed as STALE and removed, so that it is not
# counted against this run; exit 1 only when something could not be removed.
set -uo pipefail
remove=0
[[ "${1:-}" == --remove ]] && remove=1
HOST1=qemu:///system
HOST2="qemu+unix:///system?socket=/var/tmp/iaas-engine/host2/libvirt-sock"
STORAGE=/var/tmp/iaas-engine/storage
left=()
for uri in "$HOST1" "$HOST2"; do
    if ! names=$(timeout 30 virsh -c "$uri" list --all --name 2>&1); then
        left+=("cannot list the domains of $uri: $names")
        continue
    fi
    while read -r n; do
        [[ "$n" == iaas-* ]] || continue
        left+=("domain $n on $uri")
        if ((remove)); then
            timeout 30 virsh -c "$uri" destroy "$n" >/dev/null 2>&1
            timeout 30 virsh -c "$uri" undefine "$n" >/dev/null 2>&1
        fi
    done <<<"$names"
done
while read -r pid; do
    [[ -z "$pid" ]] && continue
    name=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -A1 -x -- '-name' | tail -n1)
    if [[ "$name" == guest=iaas-* || "$name" == iaas-* ]]; then
        left+=("qemu process $pid ($name)")
        ((remove)) && kill -9 "$pid" 2>/dev/null
    fi
done < <(pgrep -f 'qemu-system' || true)
# Host 2's status files are in its own state directory (scripts/libvirt-up.sh keeps it across restarts).
for f in /run/libvirt/qemu/iaas-*.xml /var/tmp/iaas-engine/host2/state/run-libvirt/qemu/iaas-*.xml; do
    [[ -e "$f" ]] || continue
    left+=("status file $f")
    ((remove)) && rm -f -- "$f"
done
if [[ -d "$STORAGE" ]]; then
    while read -r f; do
        [[ -n "$f" ]] && left+=("file $f")
    done < <(find "$STORAGE" -mindepth 1 -maxdepth 1 2>/dev/null)
    ((remove)) && find "$STORAGE" -mindepth 1 -maxdepth 1 -exec rm -rf -- {} + 2>/dev/null
fi
# The broker (vhost iaas), when it runs: a message left in any queue, and the reply queues of the
# tests' and examples' one-off orchestrators (iaas-results.it-*, iaas-results.example-*).
if timeout 20 rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
    while read -r q msgs; do
        [[ -z "$q" ]] && continue
        if [[ "$q" == iaas-results.it-* || "$q" == iaas-results.example-* ]]; then
            left+=("broker queue $q ($msgs messages)")
            ((remove)) && timeout 30 rabbitmqctl -q delete_queue -p iaas "$q" </dev/null >/dev/null 2>&1
        elif [[ "$msgs" =~ ^[0-9]+$ ]] && ((msgs > 0)); then
            left+=("broker queue $q: $msgs messages")
            ((remove)) && timeout 30 rabbitmqctl -q purge_queue -p iaas "$q" </dev/null >/dev/null 2>&1
        fi
    done < <(timeout 60 rabbitmqctl -q list_queues -p iaas --no-table-headers name messages 2>/dev/null)
fi
if ((remove)); then
    if ((${#left[@]})); then
        echo "STALE, left by an earlier run that was stopped before its cleanup (${#left[@]}), removed:" >&2
        printf '  %s\n' "${left[@]}" >&2
    fi
    # Whatever is still there now could not be removed.
    exec bash "$0"
fi
if ((${#left[@]})); then
    echo "LEFTOVERS (${#left[@]}):" >&2
    printf '  %s\n' "${left[@]}" >&2
    exit 1
fi
echo "LEFTOVERS none: no iaas-* domain, QEMU process or status file on either host, storage empty, no message or test reply queue on the broker"
