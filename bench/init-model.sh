#!/usr/bin/env bash
# InitModel benchmark on host 1's real libvirtd (qemu:///system): 50 paused 32 MiB TCG domains
# iaas-bench-NN; InitModel warm with the libvirt-java and the virsh driver, the GSN-style shell
# loop in the same run, and virsh destroy -> model off latency (20 VMs). Prints a table; the
# domains are destroyed at the end (also on failure: the Java side cleans up in a finally, and
# this script once more on exit).
# Usage: bench/init-model.sh [vms=50] [runs=30]     (needs scripts/libvirt-up.sh to have run)
set -euo pipefail
cd "$(dirname "$0")/.."
cleanup() {
    for _ in $(seq 60); do virsh -c qemu:///system version >/dev/null 2>&1 && break; sleep 1; done
    for d in $(virsh -c qemu:///system list --all --name 2>/dev/null | grep '^iaas-bench-' || true); do
        virsh -c qemu:///system destroy "$d" >/dev/null 2>&1 || true
        virsh -c qemu:///system undefine "$d" >/dev/null 2>&1 || true
    done
}
trap cleanup EXIT
virsh -c qemu:///system version >/dev/null || { echo "host 1 libvirtd does not answer: run scripts/libvirt-up.sh" >&2; exit 1; }
mvn -q -pl libvirt-commands -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
cp="libvirt-commands/target/test-classes:libvirt-commands/target/classes:engine-core/target/classes:$(cat libvirt-commands/target/bench-classpath.txt)"
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" org.iaasengine.libvirt.sync.InitModelBenchmark "$@"
