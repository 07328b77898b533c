#!/usr/bin/env bash
# The engine-overhead JMH benchmark, an older commit against this worktree, in one run: both are
# built, then their benchmarks alternate (base, new, base, new ...) with the same JMH settings, and
# the table of every round is written to bench/results/<date>-<commit>-engine-overhead.txt.
# Usage: bench/engine-overhead-compare.sh BASE_REV [rounds] [cpus] (default 2 rounds)
# cpus, a taskset CPU list such as 1, pins both sides' benchmark JVMs to those CPUs: a hand-off to a
# worker and back is then a switch on one CPU rather than a wake-up of another (on a virtual machine
# whose idle CPUs halt, that wake-up costs more than the engine's own work and depends on where the
# OS puts the threads); the table's file name then ends in -cpusLIST.
set -euo pipefail
cd "$(dirname "$0")/.."
base_rev=${1:?usage: bench/engine-overhead-compare.sh BASE_REV [rounds] [cpus]}
rounds=${2:-2}
cpus=${3:-}
pin=()
[ -n "$cpus" ] && pin=(taskset -c "$cpus")
jmh=(-f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc)
base_dir=$(mktemp -d)
work=$(mktemp -d)
trap 'git worktree remove --force "$base_dir" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add -q --detach "$base_dir" "$base_rev"
cp_base=$("$base_dir"/bench/classpath)
cp_new=$(bench/classpath)
commit=$(git rev-parse --short HEAD)
base_short=$(git rev-parse --short "$base_rev")
mkdir -p bench/results
out="bench/results/$(date -u +%F)-$commit-engine-overhead${cpus:+-cpus$cpus}.txt"
{
    echo "engine-overhead: $base_short (base) against $commit (new), $rounds alternating rounds"
    echo "JMH ${jmh[*]}; one action of 5 no-op commands; $(nproc) CPUs${cpus:+, JVMs pinned to CPU(s) $cpus}, load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    printf '%-6s %-5s %-28s %12s %12s\n' round side benchmark "ns/action" "B/action"
} > "$out"
for r in $(seq 1 "$rounds"); do
    for side in base new; do
        cp=$cp_new
        [ "$side" = base ] && cp=$cp_base
        "${pin[@]}" java -cp "$cp" org.openjdk.jmh.Main EngineOverheadBenchmark "${jmh[@]}" -rf csv -rff "$work/$side-$r.csv" \
            > "$work/$side-$r.log" 2>&1
        awk -F, -v r="$r" -v side="$side" 'NR>1 { gsub(/"/,""); n=split($1,p,"."); name=p[n];
                if ($1 ~ /gc.alloc.rate.norm/) { split($1,q,":"); m=split(q[1],pp,"."); alloc[pp[m]]=$5 }
                else if ($1 !~ /:/) { score[name]=$5; order[++k]=name } }
            END { for (i=1;i<=k;i++) printf "%-6s %-5s %-28s %12.1f %12.1f\n", r, side, order[i], score[order[i]], alloc[order[i]] }' \
            "$work/$side-$r.csv" >> "$out"
    done
done
cat "$out"
echo "written: $out"
