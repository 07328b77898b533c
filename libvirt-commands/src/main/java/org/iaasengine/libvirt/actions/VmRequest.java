package org.iaasengine.libvirt.actions;

/**
 * The parameters of an action on one VM, as data.
 *
 * @param action the action's name
 * @param host   the host's model name
 * @param vm     the VM's name
 * @param target the destination host of a migration, the IP of SetVmIp, or null
 */
public record VmRequest(String action, String host, String vm, String target) {
}
