#!/usr/bin/env bash
# Bring up the RabbitMQ the agent tests and benchmarks use, on a bare Debian 12 machine without
# systemd, as root: installs Debian's rabbitmq-server (and openssl, python3) when missing, makes a
# test CA and a server certificate, writes /etc/rabbitmq/rabbitmq.conf, starts the broker detached
# (restarting it when it runs without the TLS listener or its config or certificates changed),
# waits until it answers, loads the vhosts, exchanges, queue, policy, users and permissions below
# with one `rabbitmqctl import_definitions`, and checks that TLS verifies against the CA.
#
# Listeners: AMQP 127.0.0.1:5672 (plain, loopback only); AMQP over TLS on port 5671 (all
# interfaces; no client certificate asked). The CA that signs the server certificate (CN
# localhost, SAN IP:127.0.0.1 and DNS:localhost, EC P-256, 825 days) is
# /var/tmp/iaas-engine/tls/ca.pem, readable by everyone (the tests' trust anchor); the keys there
# are root's only, the broker's copies are in /etc/rabbitmq/tls/ (owned by rabbitmq, key mode 600).
# Made once and reused while they verify and have 30 days left.
#
# Definitions (scripts/broker-definitions.py says them in full; every password is the user name):
#   vhost iaas: topic exchanges iaas.events, iaas.results, iaas.control, iaas.dead-letters (durable);
#     quorum queue iaas-dead-letters bound to iaas.dead-letters with '#'; policy iaas-jobs: queues
#     ^hva-handle\. dead-letter to iaas.dead-letters after 5 deliveries;
#     user iaas-orchestrator: everything (topic permissions .* on the four exchanges);
#     user iaas-agent-<node> per node: configure its hva-handle.<node> and hva-control.<node>, read
#     them and iaas.control, write hva-control.<node> and iaas.{events,results,dead-letters}, with
#     routing and binding keys on the four exchanges (topic permissions, one entry per exchange
#     name: RabbitMQ matches a topic permission by exact exchange name) starting with "<node>.".
#   vhost iaas-bench: user iaas-bench, everything (the oslo.messaging benchmark peer).
# import_definitions merges: what an earlier run made (users of other nodes, queues) stays.
# Idempotent: a second run checks the certificates, the config, the listeners and the digest of
# the definitions the broker last loaded (global parameter iaas_engine_definitions), and imports
# nothing when they are unchanged.
#
# Usage: scripts/rabbitmq-up.sh [--nodes-count K] [node ...]
#   node ...         node names, ^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$ (default: test-node test-jobs host1 host2
#                    h18w-a h18w-b h18p-a h18p-b h18p-c)
#   --nodes-count K  also nodes node-001 .. node-K
set -euo pipefail
log() { echo "rabbitmq-up: $*" >&2; }
die() { echo "rabbitmq-up: ERROR: $*" >&2; exit 1; }
usage() { sed -n '/^# Usage:/,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit "${1:-2}"; }
[[ $(id -u) -eq 0 ]] || die "must run as root"

nodes=()
count=0
while (($#)); do
    case $1 in
        --nodes-count) (($# >= 2)) || die "--nodes-count needs a number"; count=$2; shift 2 ;;
        --nodes-count=*) count=${1#*=}; shift ;;
        -h|--help) usage 0 ;;
        --) shift; nodes+=("$@"); break ;;
        -*) log "unknown option '$1'"; usage ;;
        *) nodes+=("$1"); shift ;;
    esac
done
[[ $count =~ ^[0-9]{1,5}$ ]] || die "--nodes-count must be a number from 0 to 99999: '$count'"
((${#nodes[@]})) || nodes=(test-node test-jobs host1 host2 h18w-a h18w-b h18p-a h18p-b h18p-c)
for n in "${nodes[@]}"; do
    [[ $n =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$ ]] \
        || die "bad node name '$n': letters, digits, '_' and '-', at most 63, no dots"
done

here=$(cd "$(dirname "$0")" && pwd)
state=/var/tmp/iaas-engine
tls=$state/tls
etc_tls=/etc/rabbitmq/tls
conf=/etc/rabbitmq/rabbitmq.conf
defs_dir=$state/rabbitmq
python=/usr/bin/python3
mkdir -p "$state"
chmod 755 "$state"

missing=()
command -v rabbitmq-server >/dev/null || missing+=(rabbitmq-server)
command -v openssl >/dev/null || missing+=(openssl)
[[ -x $python ]] || missing+=(python3)
if ((${#missing[@]})); then
    log "installing ${missing[*]} (apt output in $state/apt.log)"
    export DEBIAN_FRONTEND=noninteractive
    timeout 600 apt-get update -q >>"$state/apt.log" 2>&1 || die "apt-get update failed (see $state/apt.log)"
    timeout 900 apt-get install -y -q "${missing[@]}" >>"$state/apt.log" 2>&1 \
        || die "apt-get install ${missing[*]} failed (see $state/apt.log)"
fi
getent group rabbitmq >/dev/null || die "no rabbitmq group: is rabbitmq-server installed?"

# --- definitions (generated first: the generator refuses bad names before anything changes) ---
mkdir -p "$defs_dir"
chown root:rabbitmq "$defs_dir"
chmod 750 "$defs_dir"
defs=$defs_dir/definitions.json
gen=("$python" "$here/broker-definitions.py" --nodes-count "$count" --output "$defs" -- "${nodes[@]}")
digest=$(timeout 120 "${gen[@]}") || die "could not generate the definitions"
# rabbitmqctl runs as the rabbitmq user (Debian's wrapper), so it must read the file.
chown root:rabbitmq "$defs"
chmod 640 "$defs"

# --- TLS: a CA and a server certificate, made once ---
ossl() { timeout 60 openssl "$@"; }
ca_valid() {
    [[ -s $tls/ca.pem && -s $tls/ca.key ]] || return 1
    ossl x509 -in "$tls/ca.pem" -noout -checkend 2592000 >/dev/null 2>&1 || return 1
    [[ $(ossl x509 -in "$tls/ca.pem" -noout -pubkey 2>/dev/null) == \
        "$(ossl pkey -in "$tls/ca.key" -pubout 2>/dev/null)" ]]
}
server_valid() {
    [[ -s $tls/server.pem && -s $tls/server.key ]] || return 1
    ossl x509 -in "$tls/server.pem" -noout -checkend 2592000 >/dev/null 2>&1 || return 1
    ossl verify -CAfile "$tls/ca.pem" "$tls/server.pem" >/dev/null 2>&1 || return 1
    [[ $(ossl x509 -in "$tls/server.pem" -noout -pubkey 2>/dev/null) == \
        "$(ossl pkey -in "$tls/server.key" -pubout 2>/dev/null)" ]] || return 1
    local san
    san=$(ossl x509 -in "$tls/server.pem" -noout -ext subjectAltName 2>/dev/null) || return 1
    [[ $san == *"IP Address:127.0.0.1"* && $san == *"DNS:localhost"* ]]
}
mkdir -p "$tls"
chmod 755 "$tls"
work=$(mktemp -d "$tls/.new.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
cat >"$work/openssl.cnf" <<'EOF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = localhost
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
EOF
new_key() { (umask 077 && ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null); }
if ! ca_valid; then
    log "making a test CA in $tls"
    new_key "$work/ca.key" || die "openssl: CA key"
    ossl req -new -x509 -config "$work/openssl.cnf" -extensions ca -key "$work/ca.key" -days 825 \
        -subj "/CN=IaaS Engine test CA ($(hostname))" -set_serial "0x$(ossl rand -hex 16)" \
        -out "$work/ca.pem" 2>"$work/err" || die "openssl: CA certificate: $(cat "$work/err")"
    mv -f "$work/ca.key" "$tls/ca.key"
    mv -f "$work/ca.pem" "$tls/ca.pem"
    rm -f "$tls/server.pem"  # signed by the old CA
fi
if ! server_valid; then
    log "making the server certificate (CN localhost, SAN IP:127.0.0.1 DNS:localhost)"
    new_key "$work/server.key" || die "openssl: server key"
    ossl req -new -config "$work/openssl.cnf" -key "$work/server.key" -subj "/CN=localhost" \
        -out "$work/server.csr" 2>"$work/err" || die "openssl: server CSR: $(cat "$work/err")"
    ossl x509 -req -in "$work/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -days 825 \
        -set_serial "0x$(ossl rand -hex 16)" -extfile "$work/openssl.cnf" -extensions server \
        -out "$work/server.pem" 2>"$work/err" || die "openssl: server certificate: $(cat "$work/err")"
    mv -f "$work/server.key" "$tls/server.key"
    mv -f "$work/server.pem" "$tls/server.pem"
    server_valid || die "the new server certificate does not verify against $tls/ca.pem"
fi
chown root:root "$tls"/{ca,server}.{pem,key}
chmod 600 "$tls/ca.key" "$tls/server.key"
chmod 644 "$tls/ca.pem" "$tls/server.pem"

changed=0  # the broker's config or certificates differ from what it was started with
install_file() {  # src dest mode owner
    if ! cmp -s "$1" "$2"; then
        install -m "$3" -o "$4" -g "$4" "$1" "$2"
        changed=1
    fi
    chown "$4:$4" "$2"
    chmod "$3" "$2"
}
mkdir -p "$etc_tls"
chown rabbitmq:rabbitmq "$etc_tls"
chmod 750 "$etc_tls"
install_file "$tls/ca.pem" "$etc_tls/ca.pem" 644 rabbitmq
install_file "$tls/server.pem" "$etc_tls/server.pem" 644 rabbitmq
install_file "$tls/server.key" "$etc_tls/server.key" 600 rabbitmq

cat >"$work/rabbitmq.conf" <<EOF
# Written by the IaaS Engine's scripts/rabbitmq-up.sh; a run of it writes this file again.
# AMQP plain on loopback only; AMQP over TLS on 5671 (no client certificate asked).
listeners.tcp.local = 127.0.0.1:5672
listeners.ssl.default = 5671
ssl_options.cacertfile = $etc_tls/ca.pem
ssl_options.certfile = $etc_tls/server.pem
ssl_options.keyfile = $etc_tls/server.key
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
EOF
if ! cmp -s "$work/rabbitmq.conf" "$conf"; then
    log "writing $conf"
    install -m 644 -o root -g rabbitmq "$work/rabbitmq.conf" "$conf"
    changed=1
fi

# --- the broker ---
ping() { timeout 20 rabbitmq-diagnostics -q ping >/dev/null 2>&1; }
# Each agent holds one connection (a socket): 500 agents need more than the default 1024 files.
# As many as this shell's hard limit allows (a container may not let root raise it), at most 65536.
open_files=$(ulimit -Hn)
[[ $open_files == unlimited || $open_files -gt 65536 ]] && open_files=65536
start_broker() {
    log "starting rabbitmq-server (open files: $open_files)"
    # Debian's rabbitmq-server wrapper runs the broker through `su`, whose PAM session resets the
    # file limit to 1024; setpriv switches to the rabbitmq user and keeps the limit set here.
    (ulimit -n "$open_files" && cd /var/lib/rabbitmq && timeout 60 setpriv --reuid=rabbitmq --regid=rabbitmq \
        --init-groups env HOME=/var/lib/rabbitmq /usr/lib/rabbitmq/bin/rabbitmq-server -detached) \
        || die "rabbitmq-server -detached failed (see /var/log/rabbitmq)"
    for i in $(seq 1 120); do
        ping && return 0
        sleep 1
    done
    die "the broker did not answer within 2 minutes (see /var/log/rabbitmq)"
}
stop_broker() {
    local pidfile
    pidfile=/var/lib/rabbitmq/mnesia/rabbit@$(hostname -s).pid
    local stop=(rabbitmqctl -q stop)
    [[ -s $pidfile ]] && stop+=("$pidfile")  # then it waits for the process to exit
    timeout 120 "${stop[@]}" >/dev/null || die "rabbitmqctl stop failed"
    for i in $(seq 1 60); do
        ping || return 0
        sleep 1
    done
    die "the broker still answers a minute after rabbitmqctl stop"
}
files_right() {  # the running broker may open $open_files files
    local pid
    pid=$(cat /var/lib/rabbitmq/mnesia/rabbit@$(hostname -s).pid 2>/dev/null) || return 1
    [[ $(awk '/^Max open files/ {print $4}' "/proc/$pid/limits" 2>/dev/null) == "$open_files" ]]
}
listeners_right() {  # plain on 127.0.0.1:5672, TLS on 5671
    local l
    l=$(timeout 30 rabbitmq-diagnostics -q listeners 2>/dev/null) || return 1
    grep -q 'port: 5671, protocol: amqp/ssl' <<<"$l" \
        && grep -q 'Interface: 127.0.0.1, port: 5672, protocol: amqp,' <<<"$l" \
        && ! grep -v 'Interface: 127.0.0.1,' <<<"$l" | grep -q 'port: 5672,'
}
if ping; then
    timeout 120 rabbitmqctl -q await_startup >/dev/null || die "the running broker did not finish starting"
    if ((changed)); then
        log "config or certificates changed: restarting the broker"
        stop_broker
        start_broker
    elif ! listeners_right; then
        log "the broker runs without the TLS listener on 5671 or with 5672 beyond loopback: restarting it"
        stop_broker
        start_broker
    elif ! files_right; then
        log "the broker runs with fewer than $open_files open files: restarting it"
        stop_broker
        start_broker
    fi
else
    start_broker
fi
# The node answers pings before its app has finished booting.
timeout 120 rabbitmqctl -q await_startup >/dev/null || die "the broker did not finish starting (see /var/log/rabbitmq)"
listeners_right || die "the broker does not listen on 127.0.0.1:5672 (plain) and 5671 (TLS) (see /var/log/rabbitmq)"

loaded=$(timeout 60 rabbitmqctl -q list_global_parameters 2>/dev/null \
    | awk '$1 == "iaas_engine_definitions" { gsub(/"/, "", $2); print $2 }') || loaded=
if [[ $loaded == "$digest" ]]; then
    log "definitions unchanged ($digest)"
else
    log "importing $defs"
    timeout 600 rabbitmqctl -q import_definitions "$defs" >/dev/null || die "rabbitmqctl import_definitions $defs failed"
fi

out=$(timeout 20 openssl s_client -connect 127.0.0.1:5671 -CAfile "$tls/ca.pem" -verify_return_error \
    -verify_ip 127.0.0.1 </dev/null 2>&1) || die "TLS on 127.0.0.1:5671 does not verify against $tls/ca.pem: $(tail -n 5 <<<"$out")"
grep -q 'Verify return code: 0 (ok)' <<<"$out" || die "TLS on 127.0.0.1:5671: no 'Verify return code: 0 (ok)'"

extra=
((count)) && extra=" + node-001..node-$(printf %03d "$count")"
log "RabbitMQ up: amqp://127.0.0.1:5672/iaas, amqps://localhost:5671/iaas (CA $tls/ca.pem); users iaas-orchestrator, iaas-agent-{${nodes[*]}}$extra; vhost iaas-bench (user iaas-bench)"
