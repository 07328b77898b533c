package org.iaasengine.libvirt.virsh;

/**
 * What a finished virsh process left: its exit code and its captured (bounded) output, decoded as
 * UTF-8 (virsh prints names and XML as the raw bytes libvirt holds, which are UTF-8).
 *
 * @param exitCode the process exit code (0 success, 1 failure for virsh)
 * @param stdout   standard output
 * @param stderr   standard error
 */
record VirshResult(int exitCode, String stdout, String stderr) {
}
