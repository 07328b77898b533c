#!/usr/bin/env bash
# Peer of scenario 2: the GSN framework's InitModel as a shell loop, one virsh process per call:
# `virsh nodeinfo`, `virsh list --all --name`, then `domiflist` + `dominfo` for every domain whose
# name starts with PREFIX. Prints "sample <nanoseconds>" for each of SAMPLES runs.
# Usage: gsn_initmodel.sh URI PREFIX SAMPLES
set -euo pipefail
uri=$1 prefix=$2 samples=$3
export LC_ALL=C
for ((s = 0; s < samples; s++)); do
    t0=$(date +%s%N)
    virsh -c "$uri" nodeinfo >/dev/null
    for name in $(virsh -c "$uri" list --all --name); do
        case $name in
            "$prefix"*)
                virsh -c "$uri" domiflist "$name" >/dev/null
                virsh -c "$uri" dominfo "$name" >/dev/null
                ;;
        esac
    done
    t1=$(date +%s%N)
    echo "sample $((t1 - t0))"
done
