package org.iaasengine.model;

/**
 * A named event of one VM on one host, as Wakame-VDC's host agent names them
 * ({@code instance_started}, {@code fault_instance}, {@code volume_attached}...): what a host agent
 * publishes to its orchestrator besides model changes. The hypervisor modules' event records
 * implement it; a host agent sends any of them without knowing the hypervisor.
 */
public interface InstanceEvent {
    /** The event's name ({@code instance_started}, {@code vnic_created}...). */
    String event();

    /** The host's model name. */
    String host();

    /** The VM's name. */
    String vm();
}
