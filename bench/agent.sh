#!/usr/bin/env bash
# The host agents' cost against OpenStack's oslo.messaging, in one run (bench/run scenario 8),
# written to bench/results/<date>-<commit>-agent.txt:
#   8a round trip of a no-op job, submit to answer, serial: one HostAgent and one Orchestrator in
#      one JVM against a serial oslo.messaging RPC call (bench/peers/oslo_rpc.py, one RPC server and
#      one client in one python3 process). Target: p50 at most 1 ms.
#   8b throughput with 100 agents: 100 HostAgents in one JVM (each its own connection, engine, SQLite
#      journal file), one Orchestrator and 100 client threads each waiting for its job's answer before
#      submitting the next, against 100 oslo.messaging RPC servers and 100 client threads in one
#      python3 process. Target: at least 3x oslo.messaging's rate.
#   8a floor: the broker alone, the same serial request and answer in raw AMQP, quorum queues
#      against classic transient ones (no target: where the time goes).
# Ours with the journal at synchronous FULL (the agent's default: the headline) and at NORMAL, the
# peer (and in 8a the floor) take turns round by round in a rotating order, on the same RabbitMQ
# (plain AMQP on 127.0.0.1:5672; ours on vhost iaas as user iaas-orchestrator, the peer on vhost
# iaas-bench). Waits while /var/tmp/iaas-engine/broker-busy exists (another engineer's broker fault
# tests), drops and redoes a run in which that file appeared or the broker's process changed. Leaves
# nothing on the broker (hva-handle.bench-NNN, hva-control.bench-NNN, iaas-results.bench-orch-PID and
# bench-floor-{jobs,answers}-PID deleted; the peer's server queues are auto-delete, its reply queue
# expires 2 minutes after) nor on disk (journals in /var/tmp/iaas-engine/bench-agent-*, deleted).
# Run as root (scripts/rabbitmq-up.sh). About 12 minutes.
# Usage: bench/agent.sh [--reps N]   (N: rounds per side, default 3)
#   BENCH_AGENT_OPTS="-Diaas.bench.agent.jobs=5000 ..." sets the sizes (iaas.bench.agent.calls 2000,
#   .warmup 200, .count 100 agents, .jobs 20000, .clients 100; AgentRoundTripScenario).
set -euo pipefail
cd "$(dirname "$0")/.."
log() { echo "[bench/agent] $*" >&2; }
reps=3
[[ "${1:-}" == --reps ]] && reps=$2
busy=/var/tmp/iaas-engine/broker-busy
wait_free() {
    while [[ -e $busy ]]; do
        log "$busy exists (the broker is being stopped and restarted): waiting"
        sleep 20
    done
}
broker_pid() { pgrep -o -x beam.smp || true; }

wait_free
bash scripts/rabbitmq-up.sh >&2
if ! /usr/bin/python3 -c 'import oslo_messaging' 2>/dev/null; then
    log "installing python3-oslo.messaging (Debian package) for the peer"
    DEBIAN_FRONTEND=noninteractive apt-get install -y python3-oslo.messaging >>/var/tmp/iaas-engine/apt.log 2>&1 || {
        apt-get update >>/var/tmp/iaas-engine/apt.log 2>&1
        DEBIAN_FRONTEND=noninteractive apt-get install -y python3-oslo.messaging >>/var/tmp/iaas-engine/apt.log 2>&1
    }
fi
cp=$(bench/classpath)
commit=$(git rev-parse --short HEAD)
# Only what is on the class path counts: other engineers edit examples/ and README.md meanwhile.
changed=$(git status --porcelain --untracked-files=no -- engine-core engine-journal engine-agent benchmarks bench \
    | awk '{print $2}' | paste -sd' ' -)
dirty=${changed:+ (uncommitted changes in: $changed)}
mkdir -p bench/results
out="bench/results/$(date -u +%Y-%m-%d)-${commit}-agent.txt"
table=$(mktemp)
trap 'rm -f "$table"' EXIT
ok=false
for attempt in 1 2 3; do
    wait_free
    before=$(broker_pid)
    started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    log "attempt $attempt: broker process $before"
    # shellcheck disable=SC2086
    if java -Xms512m -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${BENCH_AGENT_OPTS:-} -cp "$cp" \
        org.iaasengine.bench.Bench --peers bench/peers --out "$table" --only 8 --reps "$reps" >&2; then
        after=$(broker_pid)
        if [[ -n $before && $before == "$after" && ! -e $busy ]]; then
            ok=true
            break
        fi
        log "the broker's process changed ($before -> $after) or $busy appeared: the run is dropped and redone"
    else
        after=$(broker_pid)
        if [[ -n $before && $before == "$after" && ! -e $busy ]]; then
            log "the run failed with the broker undisturbed: see above"
            exit 1
        fi
        log "the run failed and the broker's process changed ($before -> $after) or $busy exists: redoing it"
    fi
done
$ok || { log "no undisturbed run in 3 attempts"; exit 1; }
{
    echo "# bench/agent.sh $*${BENCH_AGENT_OPTS:+ (BENCH_AGENT_OPTS=$BENCH_AGENT_OPTS)}"
    echo "# commit ${commit}${dirty}, ${started}, $(nproc) cores, $(uname -r), $(rabbitmqctl -q version 2>/dev/null | sed 's/^/RabbitMQ /'), $(/usr/bin/python3 -c 'import importlib.metadata as m; print("oslo.messaging", m.version("oslo.messaging"))' 2>/dev/null), broker process ${before} throughout"
    echo "#"
    echo "# What the rows measure:"
    echo "# 8a  one job at a time: Orchestrator.submit (the job kept in an in-memory JobStore, JSON, published"
    echo "#     persistent and mandatory to the quorum queue hva-handle.bench-001, waiting for the broker's"
    echo "#     confirm) until JobHandle.answer() completes. On the way: the broker delivers the job (a quorum"
    echo "#     queue delivers once the Raft log committed it, fsync included); the agent reads it strictly,"
    echo "#     looks the job id up in its journal (already done?), plans it and submits it to its engine on"
    echo "#     lane host:bench-001; the engine commits the run's start with the step's start (1st journal"
    echo "#     commit: an fsync at FULL), runs the no-op step, commits its result with the outcome (2nd"
    echo "#     commit); the agent publishes the answer (persistent, confirmed) to iaas.results, routed to"
    echo "#     the quorum queue iaas-results.bench-orch-PID (another Raft commit), and acknowledges the job"
    echo "#     after that confirm; the orchestrator reads the answer, keeps it and completes the future."
    echo "#     Besides, the agent publishes a progress event for each engine event of the job (action"
    echo "#     started, step started, step succeeded, action succeeded: 4 transient messages on iaas.events)"
    echo "#     and a heartbeat every 2 s; the orchestrator's event queue (bound '#') receives and reads them."
    echo "#     The parts in the note are medians over the measured jobs, from System.nanoTime in this JVM:"
    echo "#     submit to confirm; submit to the engine's ActionStarted event (so: broker commit, delivery, the"
    echo "#     agent's reading, journal look-up, planning, the worker's pick-up); ActionStarted to the step"
    echo "#     (1st commit); step to ActionSucceeded (2nd commit); ActionSucceeded to the answer in hand"
    echo "#     (answer publish, Raft commit, delivery, the orchestrator's consumer, the client thread's wake-up)."
    echo "#     Peer: oslo.messaging RPCClient.call to one RPC server (threading executor): a transient message"
    echo "#     to a classic auto-delete queue, no publisher confirm, the reply on the caller's classic reply"
    echo "#     queue; nothing is journaled and nothing is fsynced anywhere. A sample is a round's p50."
    echo "#     The no-op does not call the hypervisor: the agents name test:///default in their heartbeats"
    echo "#     only and open no libvirt connection, so this is the agent and broker path alone."
    echo "# 8a floor: the same serial request and answer in raw AMQP (amqp-client, two connections in this JVM)"
    echo "#     without agent, engine, journal or JSON work: left, quorum job and answer queues, persistent"
    echo "#     messages, each publisher waiting for its confirm and the responder acknowledging the job after"
    echo "#     the answer's confirm (the agents' broker path); right, classic queues, transient messages, no"
    echo "#     confirms (oslo.messaging's). The note gives a quorum job queue with a transient classic answer."
    echo "# 8b  the same jobs from 100 client threads, each waiting for its answer before its next job,"
    echo "#     round-robin over 100 agents (about one job in flight per agent); the sample is a round's wall"
    echo "#     time per job (1/rate). The CPU per job in the note is read from /proc: this JVM (the 100"
    echo "#     agents, the orchestrator and the clients) and the broker's beam.smp over the timed part; the"
    echo "#     peer's python3 process over its whole life (start, one warm-up call per server, stop) and the"
    echo "#     broker over the same time. The peer is one python3 process: its GIL keeps it to about one core."
    echo
    cat "$table"
} >"$out"
cat "$out"
log "written to $out"
