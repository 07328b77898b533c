package org.iaasengine.libvirt.spec;

/**
 * How libvirt holds a VM's definition.
 *
 * <p>{@link #PERSISTENT} is the default: libvirt keeps the definition itself (it survives a
 * libvirtd restart and a host reboot, and standard tools such as {@code virsh list --all} see a
 * shut-down VM). {@link #TRANSIENT} is the GSN way ({@code virsh create}): libvirt forgets the VM
 * when it stops, and the library keeps its definition in the {@code DefinitionStore} so it can be
 * listed and started again.
 */
public enum Lifecycle {
    PERSISTENT, TRANSIENT
}
