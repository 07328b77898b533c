#!/usr/bin/env bash
# Scale of one orchestrator over many host agents (bench/run scenario 9), written to
# bench/results/<date>-<commit>-scale.txt. For each N (default 50 100 200 500): agents node-001 ..
# node-N in ceil(N / per-jvm) JVMs (org.iaasengine.bench.ScaleAgents: each agent its own broker
# connection and user iaas-agent-node-NNN, engine, SQLite journal and in-process libvirt test
# driver of 64 CPUs and 64 GiB), then one orchestrator JVM (org.iaasengine.bench.ScaleRun): a mass
# create of N x vms-per-agent VMs (16 MiB, 1 vCPU) placed by the policy (spread) from `clients`
# client threads that each wait for their job's answer, then a mass delete; one row per N: jobs/s,
# p50/p99 round trip (submit to answer), jobs not SUCCEEDED, hosts used, the orchestrator's peak
# heap and CPU per job, the broker's peak resident memory. Then the agents get SIGTERM and their
# queues are deleted. Needs RabbitMQ (scripts/rabbitmq-up.sh --nodes-count N, run here); waits
# while /var/tmp/iaas-engine/broker-busy exists. Run as root. Leaves nothing on the broker
# (hva-handle.node-NNN, hva-control.node-NNN, iaas-results.h18p-scale-PID deleted, also after a failure) nor on disk
# (/var/tmp/iaas-engine/h18p-scale-PID deleted).
# Usage: bench/scale.sh [--agents "50 100 200 500"] [--vms-per-agent 10] [--per-jvm 100] [--clients 64]
set -euo pipefail
cd "$(dirname "$0")/.."
log() { echo "[bench/scale] $*" >&2; }
agents="50 100 200 500"
per_agent=10
per_jvm=100
clients=64
while (($#)); do
    case $1 in
        --agents) agents=$2; shift 2 ;;
        --vms-per-agent) per_agent=$2; shift 2 ;;
        --per-jvm) per_jvm=$2; shift 2 ;;
        --clients) clients=$2; shift 2 ;;
        *) log "unknown argument '$1'"; sed -n '/^# Usage:/p' "$0" >&2; exit 2 ;;
    esac
done
max=0
for n in $agents; do
    [[ $n =~ ^[0-9]{1,4}$ && $n -ge 1 ]] || { log "bad agent count '$n'"; exit 2; }
    ((n > max)) && max=$n
done
[[ $per_agent =~ ^[0-9]+$ && $per_jvm =~ ^[0-9]+$ && $clients =~ ^[0-9]+$ ]] || { log "bad number"; exit 2; }

busy=/var/tmp/iaas-engine/broker-busy
while [[ -e $busy ]]; do
    log "$busy exists (broker fault tests): waiting"
    sleep 20
done
bash scripts/rabbitmq-up.sh --nodes-count "$max" >&2
cp=$(bench/classpath)
commit=$(git rev-parse --short HEAD)
changed=$(git status --porcelain --untracked-files=no -- engine-core engine-journal engine-agent libvirt-commands \
    benchmarks bench | awk '{print $2}' | paste -sd' ' -)
dirty=${changed:+ (uncommitted changes in: $changed)}
work=/var/tmp/iaas-engine/h18p-scale-$$
orchestrator=h18p-scale-$$
table=$(mktemp)
pids=()
current=0
cleanup() {
    local p
    for p in "${pids[@]}"; do
        kill -TERM "$p" 2>/dev/null || true
    done
    for p in "${pids[@]}"; do
        wait "$p" 2>/dev/null || true
    done
    pids=()
    if ((current > 0)); then
        timeout 120 java -cp "$cp" org.iaasengine.bench.ScaleRun delete-queues "$current" "$orchestrator" >&2 \
            || true
        current=0
    fi
    rm -rf -- "$work"
}
trap 'cleanup; rm -f "$table"' EXIT
java_opts=(-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -XX:+UseSerialGC)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for n in $agents; do
    mkdir -p "$work"
    current=$n
    first=1
    k=0
    while ((first <= n)); do
        count=$((n - first + 1 < per_jvm ? n - first + 1 : per_jvm))
        timeout 3600 java -Xmx1g "${java_opts[@]}" -cp "$cp" org.iaasengine.bench.ScaleAgents "$first" "$count" \
            "$work/jvm$k" >"$work/agents$k.log" 2>&1 &
        pids+=($!)
        first=$((first + count))
        k=$((k + 1))
    done
    log "N=$n: $k agent JVM(s) starting"
    for ((j = 0; j < k; j++)); do
        for ((t = 0; t < 600; t++)); do
            grep -q '^READY' "$work/agents$j.log" 2>/dev/null && break
            kill -0 "${pids[j]}" 2>/dev/null || { log "agent JVM $j died:"; tail -20 "$work/agents$j.log" >&2; exit 1; }
            sleep 1
        done
        grep -q '^READY' "$work/agents$j.log" || { log "agent JVM $j not ready in 600 s"; exit 1; }
    done
    log "N=$n: agents ready; mass create and delete of $((n * per_agent)) VMs"
    timeout 3600 java -Xmx1g "${java_opts[@]}" -cp "$cp" org.iaasengine.bench.ScaleRun run "$n" \
        "$((n * per_agent))" "$clients" "$orchestrator" >>"$table"
    tail -1 "$table" >&2
    cleanup
done
mkdir -p bench/results
out="bench/results/$(date -u +%Y-%m-%d)-${commit}-scale.txt"
{
    echo "# bench/scale.sh --agents \"$agents\" --vms-per-agent $per_agent --per-jvm $per_jvm --clients $clients"
    echo "# commit ${commit}${dirty}, ${started}, $(nproc) cores, $(free -g | awk '/^Mem:/{print $2}') GiB, $(uname -r), $(rabbitmqctl -q version 2>/dev/null | sed 's/^/RabbitMQ /')"
    echo "# Everything on this one machine: the broker, the agent JVMs (up to $per_jvm agents each, -Xmx1g) and"
    echo "# the orchestrator JVM (-Xmx1g). A row per N agents. create/s, delete/s: jobs per second of the phase"
    echo "# (wall time, $clients client threads each waiting for its answer before its next job); p50/p99: the"
    echo "# round trip of one job, Orchestrator.submit (placement and reservation, job kept, published and"
    echo "# confirmed) to its answer in hand, ms; fails: jobs not SUCCEEDED; hosts: hosts the creates were"
    echo "# placed on; heapMiB: the orchestrator's peak heap in use (sampled every 250 ms); cpuMs/job: its"
    echo "# process CPU over both phases per job; brokerMiB: beam.smp's peak VmRSS over both phases."
    echo "$(java -cp "$cp" org.iaasengine.bench.ScaleRun header)"
    cat "$table"
} >"$out"
cat "$out"
log "written to $out"
