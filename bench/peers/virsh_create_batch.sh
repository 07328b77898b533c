#!/usr/bin/env bash
# Reference for scenario 4 (the machine's own ceiling): N plain `virsh create` processes of tiny
# 32 MiB TCG domains (XML files in XMLDIR, named PREFIX00..), one after another ("serial") or all
# at once ("parallel"). Prints "sample <nanoseconds>" for the creates, then destroys them (untimed).
# Usage: virsh_create_batch.sh URI XMLDIR N serial|parallel
set -euo pipefail
uri=$1 dir=$2 n=$3 mode=$4
export LC_ALL=C
files=()
for ((i = 0; i < n; i++)); do files+=("$dir/$(printf 'vm-%02d.xml' "$i")"); done
t0=$(date +%s%N)
if [[ $mode == parallel ]]; then
    pids=()
    for f in "${files[@]}"; do virsh -c "$uri" create "$f" >/dev/null & pids+=($!); done
    for p in "${pids[@]}"; do wait "$p"; done
else
    for f in "${files[@]}"; do virsh -c "$uri" create "$f" >/dev/null; done
fi
t1=$(date +%s%N)
echo "sample $((t1 - t0))"
