#!/usr/bin/env bash
# Peer of scenario 3b: a full lifecycle as plain virsh commands, one process each:
# ROUNDS x (create XMLFILE, suspend, resume, destroy). Prints "sample <nanoseconds>" for the loop.
# Usage: virsh_lifecycle.sh URI NAME XMLFILE ROUNDS
set -euo pipefail
uri=$1 name=$2 xml=$3 rounds=$4
export LC_ALL=C
t0=$(date +%s%N)
for ((i = 0; i < rounds; i++)); do
    virsh -c "$uri" create "$xml" >/dev/null
    virsh -c "$uri" suspend "$name" >/dev/null
    virsh -c "$uri" resume "$name" >/dev/null
    virsh -c "$uri" destroy "$name" >/dev/null
done
t1=$(date +%s%N)
echo "sample $((t1 - t0))"
