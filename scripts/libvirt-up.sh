#!/usr/bin/env bash
# Bring up a real libvirt + QEMU (TCG) on a bare Debian 12 machine without
# systemd, plus a second libvirtd "host" (own mount namespace) for live
# migration and a tiny real guest that honours ACPI shutdown.
#
# Usage: scripts/libvirt-up.sh [--no-second-host] [--no-guest]
#
# Idempotent: a second run only checks and returns quickly.
# See scripts/README.md for the URIs and paths it sets up.
set -euo pipefail

BASE=/var/tmp/iaas-engine
HOST1_URI='qemu:///system'
H2="$BASE/host2"
HOST2_URI="qemu+unix:///system?socket=$H2/libvirt-sock"
GUEST_DIR="$BASE/guest"
TEMPLATES_DIR="$BASE/templates"
STORAGE_DIR="$BASE/storage"
START_TIMEOUT=60
# The tiny guest's build: a guest of another version (or none recorded) is rebuilt.
# 2: reads a metadata drive (CD-ROM labelled cidata) and prints "instance-id: <id>".
GUEST_VERSION=2

WANT_HOST2=1
WANT_GUEST=1
for arg in "$@"; do
    case "$arg" in
        --no-second-host) WANT_HOST2=0 ;;
        --no-guest) WANT_GUEST=0 ;;
        -h|--help) sed -n '2,10p' "$0" >&2; exit 0 ;;
        *) echo "libvirt-up: unknown option: $arg" >&2; exit 2 ;;
    esac
done

log() { echo "libvirt-up: $*" >&2; }
die() { echo "libvirt-up: ERROR: $*" >&2; exit 1; }
now() { echo "${EPOCHREALTIME}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

[[ $(id -u) -eq 0 ]] || die "must run as root"
BUILD_DIR=
cleanup() { [[ -z "$BUILD_DIR" ]] || rm -rf "$BUILD_DIR"; }
trap cleanup EXIT
export DEBIAN_FRONTEND=noninteractive
export PATH="/usr/sbin:/sbin:$PATH"

# ---------------------------------------------------------------- packages
install -d -m 0755 "$BASE"
APT_LOG="$BASE/apt.log"
APT_UPDATED=0
apt_update_once() {
    if [[ $APT_UPDATED -eq 0 ]]; then
        log "apt-get update"
        apt-get update -qq >>"$APT_LOG" 2>&1 || { tail -n 20 "$APT_LOG" >&2; die "apt-get update failed (log: $APT_LOG)"; }
        APT_UPDATED=1
    fi
}

is_installed() {
    [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == installed ]]
}

missing_of() {
    local p out=()
    for p in "$@"; do is_installed "$p" || out+=("$p"); done
    echo "${out[*]:-}"
}

apt_install() {
    # apt_install pkg...: try --no-install-recommends first, then plain install
    apt_update_once
    if ! apt-get install -y -q --no-install-recommends "$@" >>"$APT_LOG" 2>&1; then
        log "install with --no-install-recommends failed, retrying with recommends: $*"
        apt-get install -y -q "$@" >>"$APT_LOG" 2>&1 || {
            tail -n 20 "$APT_LOG" >&2
            log "apt-get install $* failed (log: $APT_LOG)"
            return 1
        }
    fi
}

# ipxe-qemu: option ROMs for the default NICs (<interface type='user'>);
# it is only a Recommends of qemu-system-x86.
# libxml2-utils: xmllint, which virt-xml-validate (libvirt-clients) runs; the domain XML
# tests validate every document they write against libvirt's schema with it.
# genisoimage: builds the cloud-init NoCloud seed (metadata drive, volume id cidata) of a VM
# created with user-data.
REQUIRED_PKGS=(libvirt-daemon libvirt-clients libvirt-daemon-driver-qemu
    qemu-system-x86 qemu-utils ipxe-qemu cpio gzip xz-utils zstd util-linux
    passwd libxml2-utils genisoimage)
OPTIONAL_PKGS=(python3-libvirt python3-taskflow)

t0=$(now)
missing=$(missing_of "${REQUIRED_PKGS[@]}")
if [[ -n "$missing" ]]; then
    log "installing: $missing"
    # shellcheck disable=SC2086
    apt_install $missing || die "could not install required packages: $missing"
fi
for p in "${OPTIONAL_PKGS[@]}"; do
    if ! is_installed "$p"; then
        log "installing optional package $p"
        apt_install "$p" || log "WARNING: optional package $p failed to install; continuing"
    fi
done
if [[ -n "$missing" ]]; then
    log "packages installed in $(elapsed "$t0") s"
else
    log "packages already installed"
fi
for b in libvirtd virtlogd virsh virt-xml-validate xmllint qemu-system-x86_64 qemu-img unshare nsenter cpio genisoimage; do
    command -v "$b" >/dev/null || die "$b not found after install"
done

# ---------------------------------------------------------------- accounts
getent group kvm >/dev/null || { log "creating group kvm"; groupadd --system kvm; }
getent group libvirt-qemu >/dev/null || { log "creating group libvirt-qemu"; groupadd --system libvirt-qemu; }
if ! getent passwd libvirt-qemu >/dev/null; then
    log "creating user libvirt-qemu"
    useradd --system --gid libvirt-qemu --groups kvm --no-create-home \
        --home-dir /var/lib/libvirt --shell /usr/sbin/nologin libvirt-qemu
fi

# ---------------------------------------------------------------- config
# set_conf FILE KEY VALUE: ensure exactly one active "KEY = VALUE" line.
# Returns 0 if the file changed, 1 if it was already right.
set_conf() {
    local file=$1 key=$2 value=$3 want
    want="$key = $value"
    touch "$file"
    if [[ "$(grep -cE "^[[:space:]]*${key}[[:space:]]*=" "$file" || true)" == 1 ]] \
        && grep -qxF "$want" "$file"; then
        return 1
    fi
    sed -i -E "/^[[:space:]]*${key}[[:space:]]*=/d" "$file"
    printf '%s\n' "$want" >>"$file"
    return 0
}

QEMU_CONF=/etc/libvirt/qemu.conf
conf_changed=0
set_conf "$QEMU_CONF" user '"root"' && conf_changed=1
set_conf "$QEMU_CONF" group '"root"' && conf_changed=1
set_conf "$QEMU_CONF" dynamic_ownership 0 && conf_changed=1
set_conf "$QEMU_CONF" security_driver '"none"' && conf_changed=1
[[ $conf_changed -eq 1 ]] && log "updated $QEMU_CONF"

mkdir -p /var/log/libvirt/qemu /run/libvirt /var/lib/libvirt /var/cache/libvirt
install -d -m 0755 "$BASE" "$GUEST_DIR" "$TEMPLATES_DIR" "$STORAGE_DIR"

# ---------------------------------------------------------------- helpers
pid_alive() {  # pid_alive PIDFILE: a live process, not a zombie left by a SIGKILL
    local pid state
    [[ -s "$1" ]] || return 1
    pid=$(cat "$1" 2>/dev/null) || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    state=$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null) || return 1
    [[ -n "$state" && "$state" != "Z" && "$state" != "X" ]]
}

virsh_answers() {  # virsh_answers URI
    timeout 10 virsh -c "$1" version >/dev/null 2>&1
}

wait_virsh() {  # wait_virsh URI TIMEOUT PIDFILE: fails fast if the daemon dies
    local start=$SECONDS seen=0
    while ((SECONDS < start + $2)); do
        virsh_answers "$1" && return 0
        if pid_alive "$3"; then
            seen=1
        elif ((seen == 1 || SECONDS > start + 15)); then
            log "daemon with pid file $3 is not running"
            return 1
        fi
        sleep 0.5
    done
    return 1
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
    pid_alive "$1" || return 0
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

# ---------------------------------------------------------------- host 1
H1_LIBVIRTD_PID=/run/libvirtd.pid
H1_VIRTLOGD_PID=/run/virtlogd.pid

if [[ $conf_changed -eq 1 ]] && pid_alive "$H1_LIBVIRTD_PID"; then
    log "qemu.conf changed: restarting libvirtd (running domains are kept)"
    stop_by_pidfile "$H1_LIBVIRTD_PID" libvirtd
fi

if pid_alive "$H1_VIRTLOGD_PID"; then
    log "virtlogd already running (pid $(cat "$H1_VIRTLOGD_PID"))"
else
    rm -f "$H1_VIRTLOGD_PID"
    log "starting virtlogd"
    virtlogd -d --pid-file "$H1_VIRTLOGD_PID" || die "virtlogd failed to start"
fi

t0=$(now)
start_host1() {
    if pid_alive "$H1_LIBVIRTD_PID"; then
        log "libvirtd already running (pid $(cat "$H1_LIBVIRTD_PID"))"
    else
        rm -f "$H1_LIBVIRTD_PID"
        log "starting libvirtd"
        libvirtd -d --pid-file "$H1_LIBVIRTD_PID" || die "libvirtd failed to start"
    fi
    wait_virsh "$HOST1_URI" "$START_TIMEOUT" "$H1_LIBVIRTD_PID"
}
# A daemon that was just killed can look alive for a moment: if it dies while we wait, start it.
start_host1 || start_host1 || die "libvirtd does not answer on $HOST1_URI within ${START_TIMEOUT} s"
log "host 1 answers on $HOST1_URI ($(elapsed "$t0") s)"

host1_uuid=$(virsh -c "$HOST1_URI" capabilities | sed -n 's:.*<uuid>\(.*\)</uuid>.*:\1:p' | head -n1)

# ---------------------------------------------------------------- host 2
start_host2() {
    local uuid
    install -d -m 0755 "$H2" "$H2/log" "$H2/log/qemu" "$H2/state" "$H2/state/run-libvirt" "$H2/state/lib" \
        "$H2/state/cache"
    rm -f "$H2/libvirtd.pid" "$H2/virtlogd.pid" "$H2"/libvirt-sock*

    # A UUID of its own, kept across restarts, never equal to host 1's.
    uuid=$(cat "$H2/host-uuid" 2>/dev/null || true)
    if [[ ! "$uuid" =~ ^[0-9a-f-]{36}$ || "$uuid" == "$host1_uuid" ]]; then
        uuid=$(cat /proc/sys/kernel/random/uuid)
        echo "$uuid" >"$H2/host-uuid"
    fi

    # Fresh copy of /etc/libvirt (host 1's qemu.conf settings included), with host 2's definitions.
    rm -rf "$H2/etc.new"
    cp -a /etc/libvirt "$H2/etc.new"
    set_conf "$H2/etc.new/libvirtd.conf" unix_sock_dir "\"$H2\"" || true
    set_conf "$H2/etc.new/libvirtd.conf" host_uuid "\"$uuid\"" || true
    set_conf "$H2/etc.new/libvirtd.conf" log_outputs "\"3:file:$H2/libvirtd.log\"" || true
    # Incoming migrations: a port range of its own (host 1 keeps the default
    # 49152-49215). migration_host cannot be 127.0.0.1 (libvirt refuses it);
    # the default, this machine's hostname, resolves to loopback here.
    set_conf "$H2/etc.new/qemu.conf" migration_port_min 49300 || true
    set_conf "$H2/etc.new/qemu.conf" migration_port_max 49363 || true
    # Host 2's own domain definitions outlive a restart (host 1's are not copied over).
    rm -f "$H2/etc.new/qemu/"*.xml "$H2/etc.new/qemu/autostart/"*.xml
    if [[ -d "$H2/etc/qemu" ]]; then
        find "$H2/etc/qemu" -maxdepth 1 -name '*.xml' -exec cp -a {} "$H2/etc.new/qemu/" \;
    fi
    rm -rf "$H2/etc"
    mv "$H2/etc.new" "$H2/etc"

    cat >"$H2/ns-start.sh" <<EOF
#!/usr/bin/env bash
# Runs inside 'unshare -m --propagation private' (written by libvirt-up.sh).
set -euo pipefail
mount -t tmpfs -o mode=0755 iaas-host2-run /run
mkdir -p /run/libvirt /run/lock
# libvirt's state (status files of running domains, monitor sockets, definitions) outlives a
# restart of this daemon, as host 1's does: a restarted host 2 finds what it ran and defined.
mount --bind '$H2/state/run-libvirt' /run/libvirt
mount --bind '$H2/state/lib' /var/lib/libvirt
mount --bind '$H2/state/cache' /var/cache/libvirt
mount --bind '$H2/etc' /etc/libvirt
mount --bind '$H2/log' /var/log/libvirt
virtlogd -d --pid-file '$H2/virtlogd.pid'
libvirtd -d --config /etc/libvirt/libvirtd.conf --pid-file '$H2/libvirtd.pid'
EOF
    chmod 0755 "$H2/ns-start.sh"
    log "starting second libvirtd in its own mount namespace"
    unshare -m --propagation private "$H2/ns-start.sh" || die "could not start host 2 (see $H2/libvirtd.log)"
}

if [[ $WANT_HOST2 -eq 1 ]]; then
    t0=$(now)
    if pid_alive "$H2/libvirtd.pid" && virsh_answers "$HOST2_URI"; then
        log "host 2 already running (pid $(cat "$H2/libvirtd.pid"))"
    else
        # Half-started leftovers: stop them before starting afresh.
        stop_by_pidfile "$H2/libvirtd.pid" "host 2 libvirtd"
        stop_by_pidfile "$H2/virtlogd.pid" "host 2 virtlogd"
        start_host2
    fi
    wait_virsh "$HOST2_URI" "$START_TIMEOUT" "$H2/libvirtd.pid" \
        || die "host 2 does not answer on $HOST2_URI within ${START_TIMEOUT} s (log: $H2/libvirtd.log)"
    host2_uuid=$(virsh -c "$HOST2_URI" capabilities | sed -n 's:.*<uuid>\(.*\)</uuid>.*:\1:p' | head -n1)
    [[ -n "$host2_uuid" && "$host2_uuid" != "$host1_uuid" ]] \
        || die "host 2 UUID ($host2_uuid) must differ from host 1's ($host1_uuid)"
    # Host 2's QEMU must see files under $BASE (disks, kernels) as host 1 does.
    h2pid=$(cat "$H2/libvirtd.pid")
    probe="$BASE/.host2-probe"
    date +%s%N >"$probe"
    nsenter -t "$h2pid" -m cat "$probe" | cmp -s - "$probe" \
        || die "host 2 cannot read files under $BASE"
    rm -f "$probe"
    log "host 2 answers on $HOST2_URI ($(elapsed "$t0") s)"
fi

# ---------------------------------------------------------------- templates
if [[ ! -s "$TEMPLATES_DIR/base.qcow2" ]]; then
    log "creating $TEMPLATES_DIR/base.qcow2"
    qemu-img create -q -f qcow2 "$TEMPLATES_DIR/base.qcow2.tmp" 64M
    mv "$TEMPLATES_DIR/base.qcow2.tmp" "$TEMPLATES_DIR/base.qcow2"
fi
chmod 0644 "$TEMPLATES_DIR/base.qcow2"

# ---------------------------------------------------------------- tiny guest
build_guest() {
    local work kpkg kdeb bdeb vmlinuz mod src name root
    work=$(mktemp -d "$BASE/guest-build.XXXXXX")
    BUILD_DIR=$work
    cd "$work"

    kpkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null \
        | sed -n 's/^[[:space:]]*Depends: \(linux-image-[0-9][^ ]*-cloud-amd64\)$/\1/p' | head -n1 || true)
    if [[ -z "$kpkg" ]]; then
        apt_update_once
        kpkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null \
            | sed -n 's/^[[:space:]]*Depends: \(linux-image-[0-9][^ ]*-cloud-amd64\)$/\1/p' | head -n1 || true)
    fi
    [[ -n "$kpkg" ]] || die "apt-cache depends linux-image-cloud-amd64 names no kernel package"
    log "downloading $kpkg and busybox-static"
    if ! apt-get download -q -o APT::Sandbox::User=root "$kpkg" busybox-static >>"$APT_LOG" 2>&1; then
        apt_update_once
        apt-get download -q -o APT::Sandbox::User=root "$kpkg" busybox-static >>"$APT_LOG" 2>&1 \
            || die "apt-get download $kpkg busybox-static failed (log: $APT_LOG)"
    fi
    kdeb=$(ls "$work"/"${kpkg}"_*.deb)
    bdeb=$(ls "$work"/busybox-static_*.deb)
    dpkg-deb -x "$kdeb" "$work/k"
    dpkg-deb -x "$bdeb" "$work/b"

    vmlinuz=$(find "$work/k" -path '*/boot/vmlinuz-*' -type f | head -n1)
    [[ -n "$vmlinuz" ]] || die "no boot/vmlinuz-* in $kpkg"

    root="$work/initramfs"
    mkdir -p "$root"/{bin,dev,proc,sys,tmp,mnt,lib/modules/cd}
    cp "$work/b/bin/busybox" "$root/bin/busybox"
    chmod 0755 "$root/bin/busybox"
    "$root/bin/busybox" true 2>/dev/null || die "unpacked busybox does not run"
    mknod -m 0600 "$root/dev/console" c 5 1
    mknod -m 0666 "$root/dev/null" c 1 3

    for mod in drivers/acpi/button drivers/input/evdev; do
        name=$(basename "$mod")
        src=$(find "$work/k" -path "*/kernel/$mod.ko*" -type f | head -n1)
        [[ -n "$src" ]] || die "module $mod not found in $kpkg"
        case "$src" in
            *.ko) cp "$src" "$root/lib/modules/$name.ko" ;;
            *.ko.xz) xz -dc "$src" >"$root/lib/modules/$name.ko" ;;
            *.ko.zst) zstd -qdc "$src" >"$root/lib/modules/$name.ko" ;;
            *.ko.gz) gzip -dc "$src" >"$root/lib/modules/$name.ko" ;;
            *) die "unknown module format: $src" ;;
        esac
        [[ "$(head -c 4 "$root/lib/modules/$name.ko" | od -An -tx1 | tr -d ' ')" == 7f454c46 ]] \
            || die "$name.ko is not an ELF object after unpacking"
        if grep -qa 'depends=[a-z]' "$root/lib/modules/$name.ko"; then
            die "$name.ko depends on other modules ($(grep -ao 'depends=[a-z_,]*' "$root/lib/modules/$name.ko"))"
        fi
    done

    # CD-ROM (IDE on the default i440fx machine) and ISO 9660, for the metadata drive: loaded in
    # this order (each after what it depends on), from lib/modules/cd/NN-name.ko.
    local i=10
    for mod in drivers/scsi/scsi_common drivers/scsi/scsi_mod drivers/ata/libata drivers/ata/ata_piix \
        drivers/cdrom/cdrom drivers/scsi/sr_mod fs/isofs/isofs; do
        name=$(basename "$mod")
        src=$(find "$work/k" -path "*/kernel/$mod.ko*" -type f | head -n1)
        [[ -n "$src" ]] || die "module $mod not found in $kpkg"
        case "$src" in
            *.ko) cp "$src" "$root/lib/modules/cd/$i-$name.ko" ;;
            *.ko.xz) xz -dc "$src" >"$root/lib/modules/cd/$i-$name.ko" ;;
            *.ko.zst) zstd -qdc "$src" >"$root/lib/modules/cd/$i-$name.ko" ;;
            *.ko.gz) gzip -dc "$src" >"$root/lib/modules/cd/$i-$name.ko" ;;
            *) die "unknown module format: $src" ;;
        esac
        i=$((i + 1))
    done

    cat >"$root/init" <<'EOF'
#!/bin/busybox sh
# IaaS Engine tiny test guest: powers off on any input event (ACPI button).
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
for m in /lib/modules/*.ko; do
    insmod "$m" || echo "IAAS-GUEST-INSMOD-FAILED $m"
done
n=0
while [ $n -lt 50 ] && ! ls /dev/input/event* >/dev/null 2>&1; do
    sleep 0.1; n=$((n + 1))
done
events=$(ls /dev/input/event* 2>/dev/null | wc -l)
for e in /dev/input/event*; do
    [ -e "$e" ] || continue
    ( head -c 1 "$e" >/dev/null && echo "IAAS-GUEST-POWEROFF $e" && sync && poweroff -f ) &
done
# Metadata drive: a CD-ROM whose ISO 9660 volume id is "cidata" (a cloud-init NoCloud seed) is
# mounted and its instance-id printed. In the background: the ready line is not delayed.
(
    for m in /lib/modules/cd/*.ko; do
        insmod "$m" 2>/dev/null || echo "IAAS-GUEST-INSMOD-FAILED $m"
    done
    n=0
    while [ $n -lt 100 ] && ! ls /dev/sr* >/dev/null 2>&1; do
        sleep 0.1; n=$((n + 1))
    done
    for d in /dev/sr*; do
        [ -b "$d" ] || continue
        [ "$(dd if="$d" bs=1 skip=32808 count=6 2>/dev/null)" = cidata ] || continue
        mkdir -p /mnt/cidata
        if mount -t iso9660 -o ro "$d" /mnt/cidata; then
            id=$(sed -n 's/^instance-id: *//p' /mnt/cidata/meta-data)
            echo "instance-id: $id"
            umount /mnt/cidata
        else
            echo "IAAS-GUEST-CIDATA-MOUNT-FAILED $d"
        fi
    done
) &
echo "IAAS-GUEST-READY events=$events"
while true; do sleep 3600; done
EOF
    chmod 0755 "$root/init"
    (cd "$root" && find . -print0 | cpio --null -o -H newc --owner root:root --quiet) \
        | gzip -9 >"$work/initrd.gz"

    install -m 0644 "$vmlinuz" "$GUEST_DIR/vmlinuz.tmp"
    install -m 0644 "$work/initrd.gz" "$GUEST_DIR/initrd.gz.tmp"
    echo "$kpkg" >"$GUEST_DIR/kernel-package"
    mv "$GUEST_DIR/vmlinuz.tmp" "$GUEST_DIR/vmlinuz"
    mv "$GUEST_DIR/initrd.gz.tmp" "$GUEST_DIR/initrd.gz"
    echo "$GUEST_VERSION" >"$GUEST_DIR/guest-version"
    cd /
    rm -rf "$work"
    BUILD_DIR=
}

if [[ $WANT_GUEST -eq 1 ]]; then
    if [[ -s "$GUEST_DIR/vmlinuz" && -s "$GUEST_DIR/initrd.gz" \
        && "$(cat "$GUEST_DIR/guest-version" 2>/dev/null || true)" == "$GUEST_VERSION" ]]; then
        log "tiny guest already built (version $GUEST_VERSION)"
    else
        t0=$(now)
        log "building tiny guest"
        build_guest
        log "tiny guest built in $(elapsed "$t0") s"
    fi
fi

# ---------------------------------------------------------------- summary
{
    echo "libvirt-up: ready"
    echo "  host 1 URI : $HOST1_URI"
    if [[ $WANT_HOST2 -eq 1 ]]; then
        echo "  host 2 URI : $HOST2_URI"
    fi
    if [[ $WANT_GUEST -eq 1 ]]; then
        echo "  guest      : kernel $GUEST_DIR/vmlinuz, initrd $GUEST_DIR/initrd.gz ($(cat "$GUEST_DIR/kernel-package" 2>/dev/null || echo '?'))"
        echo "  guest ready line on ttyS0: IAAS-GUEST-READY (with a cidata CD-ROM also: instance-id: <id>)"
    fi
    echo "  template   : $TEMPLATES_DIR/base.qcow2"
    echo "  storage    : $STORAGE_DIR"
} >&2
