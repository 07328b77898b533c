package org.iaasengine.model;

/**
 * One change of the resource model, handed to {@link ModelListener}s in the order the changes
 * happened. Plain records that serialize as they are.
 */
public sealed interface ModelChange {
    /** The model version after the change. */
    long version();

    record VmAdded(long version, Vm vm) implements ModelChange {
    }

    record VmUpdated(long version, Vm before, Vm after) implements ModelChange {
    }

    record VmRemoved(long version, Vm vm) implements ModelChange {
    }

    record HostAdded(long version, Host host) implements ModelChange {
    }

    record HostUpdated(long version, Host before, Host after) implements ModelChange {
    }

    record HostRemoved(long version, Host host) implements ModelChange {
    }

    record VolumeAdded(long version, Volume volume) implements ModelChange {
    }

    record VolumeUpdated(long version, Volume before, Volume after) implements ModelChange {
    }

    record VolumeRemoved(long version, Volume volume) implements ModelChange {
    }
}
