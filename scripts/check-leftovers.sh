#!/usr/bin/env bash
# Run after the test suite (CI does): fails when the suites left anything of theirs on either real
# host. Lists, for host 1 (qemu:///system) and host 2 (the second libvirtd of scripts/libvirt-up.sh):
#   - domains named iaas-* (defined or running; the tiny guest is named otherwise),
#   - QEMU processes whose -name is iaas-* (a process libvirt no longer knows),
#   - libvirt's per-domain status files /run/libvirt/qemu/iaas-*.xml (host 1),
# and files left in the shared storage directory /var/tmp/iaas-engine/storage (the suites put
# their disk copies and definition stores in directories of their own under it, and remove them).
# Exit 0 when nothing is left, 1 with a list otherwise.
set -uo pipefail
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
        [[ "$n" == iaas-* ]] && left+=("domain $n on $uri")
    done <<<"$names"
done
while read -r pid; do
    [[ -z "$pid" ]] && continue
    name=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -A1 -x -- '-name' | tail -n1)
    [[ "$name" == guest=iaas-* || "$name" == iaas-* ]] && left+=("qemu process $pid ($name)")
done < <(pgrep -f 'qemu-system' || true)
for f in /run/libvirt/qemu/iaas-*.xml; do
    [[ -e "$f" ]] && left+=("status file $f")
done
if [[ -d "$STORAGE" ]]; then
    while read -r f; do
        [[ -n "$f" ]] && left+=("file $f")
    done < <(find "$STORAGE" -mindepth 1 2>/dev/null)
fi
if ((${#left[@]})); then
    echo "LEFTOVERS after the test suite (${#left[@]}):" >&2
    printf '  %s\n' "${left[@]}" >&2
    exit 1
fi
echo "LEFTOVERS none: no iaas-* domain, QEMU process or status file on either host, storage empty"
