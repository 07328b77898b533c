#!/usr/bin/env bash
# Prove that the real libvirt set up by scripts/libvirt-up.sh works:
#  1. iaas-smoke-1: 32 MiB TCG domain, no disk; create, suspend/resume, live
#     migration host 1 -> host 2, destroy.
#  2. iaas-smoke-2: same with a qcow2 disk copied from the template into
#     /var/tmp/iaas-engine/storage; live migration host 1 -> host 2 -> host 1
#     (local storage seen by both hosts: needs --unsafe).
#  3. iaas-smoke-guest: the tiny real guest; boot, wait for its ready line,
#     graceful ACPI shutdown ('virsh shutdown'), gone within 10 s.
# Prints timings. Cleans up what it created, even on failure.
#
# Usage: scripts/smoke-test.sh [--no-second-host] [--no-guest]
set -euo pipefail

BASE=/var/tmp/iaas-engine
H1='qemu:///system'
H2="qemu+unix:///system?socket=$BASE/host2/libvirt-sock"
GUEST_DIR="$BASE/guest"
TEMPLATE="$BASE/templates/base.qcow2"
STORAGE_DIR="$BASE/storage"
READY_LINE=IAAS-GUEST-READY
BOOT_TIMEOUT=90
SHUTDOWN_TIMEOUT=10
MIGRATE_TIMEOUT=120

WANT_HOST2=1
WANT_GUEST=1
for arg in "$@"; do
    case "$arg" in
        --no-second-host) WANT_HOST2=0 ;;
        --no-guest) WANT_GUEST=0 ;;
        -h|--help) sed -n '2,13p' "$0" >&2; exit 0 ;;
        *) echo "smoke-test: unknown option: $arg" >&2; exit 2 ;;
    esac
done

log() { echo "smoke-test: $*" >&2; }
die() { echo "smoke-test: FAIL: $*" >&2; exit 1; }
now() { echo "${EPOCHREALTIME}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
TIMINGS=()
timing() { TIMINGS+=("$(printf '%-44s %8s s' "$1" "$2")"); log "$1: $2 s"; }

v() {  # v URI virsh-args...: virsh with a bound run time
    local uri=$1
    shift
    timeout 60 virsh -q -c "$uri" "$@"
}

# ------------------------------------------------------------------ cleanup
WORK=$(mktemp -d /tmp/iaas-smoke.XXXXXX)
NAMES=(iaas-smoke-1 iaas-smoke-2 iaas-smoke-guest)
DISK2="$STORAGE_DIR/iaas-smoke-2.qcow2"
cleanup() {
    local rc=$? uri n
    for uri in "$H1" "$H2"; do
        [[ "$uri" == "$H2" && $WANT_HOST2 -eq 0 ]] && continue
        for n in "${NAMES[@]}"; do
            if timeout 20 virsh -q -c "$uri" domid "$n" >/dev/null 2>&1; then
                log "cleanup: destroying $n on $uri"
                timeout 30 virsh -q -c "$uri" destroy "$n" >/dev/null 2>&1 || true
            fi
            timeout 20 virsh -q -c "$uri" undefine "$n" >/dev/null 2>&1 || true
        done
    done
    rm -f "$DISK2"
    rm -rf "$WORK"
    if [[ $rc -eq 0 ]]; then
        echo "smoke-test: PASSED" >&2
    else
        echo "smoke-test: FAILED (exit $rc)" >&2
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ helpers
domstate() { timeout 20 virsh -q -c "$1" domstate "$2" 2>/dev/null | head -n1 || true; }

expect_state() {  # expect_state URI NAME STATE
    local s
    s=$(domstate "$1" "$2")
    [[ "$s" == "$3" ]] || die "$2 on $1: state '$s', expected '$3'"
}

expect_absent() {  # expect_absent URI NAME: not defined, or at least not running
    local s
    s=$(domstate "$1" "$2")
    [[ -z "$s" || "$s" == "shut off" ]] || die "$2 still on $1 (state '$s')"
}

migrate() {  # migrate NAME FROM TO [extra virsh flags]
    local name=$1 from=$2 to=$3 t
    shift 3
    t=$(now)
    timeout "$MIGRATE_TIMEOUT" virsh -q -c "$from" migrate --live "$@" "$name" "$to" \
        || die "migration of $name from $from to $to failed"
    LAST=$(elapsed "$t")
    expect_state "$to" "$name" running
    expect_absent "$from" "$name"
}

domain_xml() {  # domain_xml NAME MEMORY_MIB [extra device XML]
    cat <<EOF
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>$2</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
  <devices>
    $3
    <interface type='user'/>
  </devices>
</domain>
EOF
}

# ------------------------------------------------------------------ checks
v "$H1" version >/dev/null 2>&1 || die "host 1 ($H1) does not answer: run scripts/libvirt-up.sh"
if [[ $WANT_HOST2 -eq 1 ]]; then
    v "$H2" version >/dev/null 2>&1 || die "host 2 ($H2) does not answer: run scripts/libvirt-up.sh"
fi
for n in "${NAMES[@]}"; do
    [[ -z "$(domstate "$H1" "$n")" ]] || die "$n already exists on host 1 (left over? run scripts/libvirt-down.sh)"
done

# ------------------------------------------------------------------ 1. no-disk domain
log "1. iaas-smoke-1: 32 MiB, no disk"
domain_xml iaas-smoke-1 32 '' >"$WORK/smoke-1.xml"
t=$(now); v "$H1" create "$WORK/smoke-1.xml" >/dev/null; timing "create (32 MiB, no disk)" "$(elapsed "$t")"
expect_state "$H1" iaas-smoke-1 running
t=$(now); v "$H1" suspend iaas-smoke-1 >/dev/null; timing "suspend" "$(elapsed "$t")"
expect_state "$H1" iaas-smoke-1 paused
t=$(now); v "$H1" resume iaas-smoke-1 >/dev/null; timing "resume" "$(elapsed "$t")"
expect_state "$H1" iaas-smoke-1 running
if [[ $WANT_HOST2 -eq 1 ]]; then
    migrate iaas-smoke-1 "$H1" "$H2"
    timing "live migration host 1 -> host 2 (no disk)" "$LAST"
    t=$(now); v "$H2" destroy iaas-smoke-1 >/dev/null; timing "destroy on host 2" "$(elapsed "$t")"
    expect_absent "$H2" iaas-smoke-1
else
    t=$(now); v "$H1" destroy iaas-smoke-1 >/dev/null; timing "destroy" "$(elapsed "$t")"
    expect_absent "$H1" iaas-smoke-1
fi

# ------------------------------------------------------------------ 2. domain with a disk
if [[ $WANT_HOST2 -eq 1 ]]; then
    log "2. iaas-smoke-2: 32 MiB, qcow2 disk under $STORAGE_DIR"
    [[ -s "$TEMPLATE" ]] || die "template $TEMPLATE missing: run scripts/libvirt-up.sh"
    cp "$TEMPLATE" "$DISK2"
    domain_xml iaas-smoke-2 32 "<disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$DISK2'/>
      <target dev='vda' bus='virtio'/>
    </disk>" >"$WORK/smoke-2.xml"
    v "$H1" create "$WORK/smoke-2.xml" >/dev/null
    expect_state "$H1" iaas-smoke-2 running
    migrate iaas-smoke-2 "$H1" "$H2" --unsafe
    timing "live migration host 1 -> host 2 (qcow2 disk)" "$LAST"
    migrate iaas-smoke-2 "$H2" "$H1" --unsafe
    timing "live migration host 2 -> host 1 (qcow2 disk)" "$LAST"
    v "$H1" destroy iaas-smoke-2 >/dev/null
    expect_absent "$H1" iaas-smoke-2
    rm -f "$DISK2"
fi

# ------------------------------------------------------------------ 3. tiny real guest
if [[ $WANT_GUEST -eq 1 ]]; then
    log "3. iaas-smoke-guest: tiny Linux guest, graceful ACPI shutdown"
    [[ -s "$GUEST_DIR/vmlinuz" && -s "$GUEST_DIR/initrd.gz" ]] \
        || die "guest kernel/initrd missing under $GUEST_DIR: run scripts/libvirt-up.sh"
    CONSOLE="$GUEST_DIR/console-iaas-smoke-guest.log"
    rm -f "$CONSOLE"
    cat >"$WORK/guest.xml" <<EOF
<domain type='qemu'>
  <name>iaas-smoke-guest</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
    <kernel>$GUEST_DIR/vmlinuz</kernel>
    <initrd>$GUEST_DIR/initrd.gz</initrd>
    <cmdline>console=ttyS0 quiet</cmdline>
  </os>
  <features>
    <acpi/>
  </features>
  <on_poweroff>destroy</on_poweroff>
  <devices>
    <serial type='file'>
      <source path='$CONSOLE'/>
      <target port='0'/>
    </serial>
    <interface type='user'/>
  </devices>
</domain>
EOF
    t=$(now)
    v "$H1" create "$WORK/guest.xml" >/dev/null
    deadline=$((SECONDS + BOOT_TIMEOUT))
    until grep -qa "$READY_LINE" "$CONSOLE" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            tail -n 20 "$CONSOLE" >&2 2>/dev/null || true
            die "no '$READY_LINE' on the guest console within ${BOOT_TIMEOUT} s ($CONSOLE)"
        fi
        [[ "$(domstate "$H1" iaas-smoke-guest)" == running ]] \
            || { tail -n 20 "$CONSOLE" >&2 2>/dev/null || true; die "guest stopped while booting"; }
        sleep 0.2
    done
    timing "guest boot to ready line" "$(elapsed "$t")"
    ready=$(grep -a "$READY_LINE" "$CONSOLE" | tr -d '\r' | head -n1)
    log "guest said: $ready"
    if grep -qa IAAS-GUEST-INSMOD-FAILED "$CONSOLE"; then
        die "guest could not load its modules: $(grep -a IAAS-GUEST-INSMOD-FAILED "$CONSOLE" | tr -d '\r')"
    fi
    [[ "$ready" =~ events=([1-9][0-9]*) ]] || die "guest has no /dev/input/event* device ($ready)"

    t=$(now)
    v "$H1" shutdown iaas-smoke-guest >/dev/null
    deadline=$((SECONDS + SHUTDOWN_TIMEOUT))
    while [[ -n "$(domstate "$H1" iaas-smoke-guest)" && "$(domstate "$H1" iaas-smoke-guest)" != "shut off" ]]; do
        if ((SECONDS >= deadline)); then
            tail -n 5 "$CONSOLE" >&2 2>/dev/null || true
            die "guest still '$(domstate "$H1" iaas-smoke-guest)' ${SHUTDOWN_TIMEOUT} s after 'virsh shutdown'"
        fi
        sleep 0.1
    done
    timing "graceful shutdown (virsh shutdown -> gone)" "$(elapsed "$t")"
    grep -qa IAAS-GUEST-POWEROFF "$CONSOLE" \
        || log "note: the guest's poweroff line is not in the console log"
fi

echo "smoke-test: timings" >&2
printf '  %s\n' "${TIMINGS[@]}" >&2
