#!/usr/bin/env bash
# The durable journal's cost, in one run, written to bench/results/<date>-<commit>-journal.txt:
#   1. per step of an action of 5 no-op steps (JMH, JournalCostBenchmark): no journal, SQLite
#      (WAL) synchronous NORMAL and FULL, PostgreSQL; against the floor, this disk's raw fsync
#      (4 KiB written in place + fsync) in the same run. Target: SQLite FULL within 2x of one
#      fsync per step.
#   2. real libvirt fast operations (suspend then resume, each an action through the engine, on a
#      running 32 MiB TCG domain of qemu:///system): with a SQLite journal (FULL, and NORMAL)
#      against without, interleaved blocks (bench/run scenario 7). Target: at most 10% slower.
# Starts what it needs (scripts/postgres-up.sh, scripts/libvirt-up.sh). Run as root. About 5 minutes.
# Usage: bench/journal.sh [--reps N]   (N: blocks per side in part 2, default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
log() { echo "[bench/journal] $*" >&2; }
reps=20
[[ "${1:-}" == --reps ]] && reps=$2
bash scripts/postgres-up.sh >&2
virsh -c qemu:///system version >/dev/null 2>&1 || bash scripts/libvirt-up.sh --no-second-host --no-guest >&2
cp=$(bench/classpath)
commit=$(git rev-parse --short HEAD)
dirty=$(git status --porcelain --untracked-files=no | grep -q . && echo " (worktree had uncommitted changes)" || true)
mkdir -p bench/results
out="bench/results/$(date -u +%Y-%m-%d)-${commit}-journal.txt"
csv=$(mktemp)
table=$(mktemp)
trap 'rm -f "$csv" "$table"' EXIT
log "part 1: JMH JournalCostBenchmark"
java -cp "$cp" org.openjdk.jmh.Main 'JournalCostBenchmark' -rf csv -rff "$csv" >&2
log "part 2: libvirt fast operations, journaled against not"
java -Xms256m -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" \
    org.iaasengine.bench.Bench --uri qemu:///system --peers bench/peers --out "$table" --only 7 --reps "$reps" >&2
{
    echo "# bench/journal.sh $*"
    echo "# commit ${commit}${dirty}, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(uname -r), SQLite files and the fsync floor in /var/tmp/iaas-engine/bench-journal ($(df --output=source,fstype /var/tmp | tail -1 | tr -s ' '))"
    echo
    echo "## 1. Journal cost per step (JMH: 5 no-op steps per action; us per step = us per action / 5)"
    echo
    # CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: journal"
    awk -F, '
        NR == 1 { next }
        { gsub(/"/, ""); name = $1; sub(/.*\./, "", name); score = $5; err = $6; param = $8; gsub(/[ \r]/, "", param) }
        name == "fsyncFloor" { floor = score; floorErr = err; next }
        name == "action" { per[param] = score / 5; perErr[param] = err / 5; order[++n] = param }
        END {
            printf "| %-28s | %16s | %14s | %s |\n", "configuration", "us per step", "x fsync floor", "target"
            printf "| %-28s | %16s | %14s | %s |\n", "---", "---", "---", "---"
            printf "| %-28s | %9.1f +- %4.1f | %14s | %s |\n", "fsync floor (4 KiB + fsync)", floor, floorErr, "1.00", "the floor"
            for (i = 1; i <= n; i++) {
                p = order[i]
                target = "-"
                if (p == "sqlite-full") target = (per[p] <= 2 * floor ? "met" : "MISSED") " (<= 2.00)"
                printf "| %-28s | %9.1f +- %4.1f | %14.2f | %s |\n", "journal " p, per[p], perErr[p], per[p] / floor, target
            }
        }' "$csv"
    echo
    echo "## 2. Real libvirt fast operations, journaled (SQLite FULL, NORMAL) against not"
    echo
    cat "$table"
} >"$out"
cat "$out"
log "written to $out"
