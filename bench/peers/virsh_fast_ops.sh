#!/usr/bin/env bash
# Peer of scenario 3a: the fast operations as plain virsh commands, one process each:
# ROUNDS x (suspend, resume, domstate --reason, dominfo) on one running domain.
# Prints "sample <nanoseconds>" for the whole loop.
# Usage: virsh_fast_ops.sh URI NAME ROUNDS
set -euo pipefail
uri=$1 name=$2 rounds=$3
export LC_ALL=C
t0=$(date +%s%N)
for ((i = 0; i < rounds; i++)); do
    virsh -c "$uri" suspend "$name" >/dev/null
    virsh -c "$uri" resume "$name" >/dev/null
    virsh -c "$uri" domstate --reason "$name" >/dev/null
    virsh -c "$uri" dominfo "$name" >/dev/null
done
t1=$(date +%s%N)
echo "sample $((t1 - t0))"
