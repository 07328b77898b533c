#!/usr/bin/env bash
# Engine overhead benchmark (JMH) alone: one action of 5 no-op commands through the engine.
# Prints JMH's table and the overhead per command. Usage: bench/engine-overhead.sh [jmh options]
# (for the comparison with TaskFlow, and everything else, use bench/run).
set -euo pipefail
cd "$(dirname "$0")/.."
cp=$(bench/classpath)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
java -cp "$cp" org.openjdk.jmh.Main EngineOverheadBenchmark -rf csv -rff "$out" "$@"
echo
echo "Per command (ns/op divided by 5 commands; baseline = the 5 commands called directly):"
awk -F, 'NR>1 && $1 !~ /:/ { gsub(/"/,""); split($1,p,"."); name=p[length(p)]; printf "  %-28s %10.1f ns/action  %8.1f ns/command\n", name, $5, $5/5 }' "$out"
