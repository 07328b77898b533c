package org.iaasengine.agent.placement;

/**
 * What a placement took on a host until the VM shows in the cluster model (or its job fails).
 *
 * @param id        the reservation's id: the job id of the create
 * @param vm        the VM
 * @param node      the host chosen
 * @param memoryKiB the memory reserved
 * @param vcpus     the vCPUs reserved
 * @param settled   true once the job succeeded: it lasts until the model shows the VM on the node
 */
public record Reservation(String id, String vm, String node, long memoryKiB, int vcpus, boolean settled) {
}
