package org.iaasengine.model;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;

/**
 * A VM as the model knows it: an immutable value. The {@code with...} methods return changed
 * copies.
 *
 * <pre>{@code
 * Vm vm = Vm.builder("web1").host("host-a").state(VmState.RUNNING).vcpus(1).memoryKiB(524288)
 *         .macs(List.of("52:54:00:12:34:56")).build();
 * Vm off = vm.withState(VmState.SHUTOFF);
 * }</pre>
 *
 * @param name          unique name of the VM in the model
 * @param uuid          the hypervisor's id of it, or null if not known yet
 * @param host          the host it is on, or null
 * @param state         its state
 * @param vcpus         virtual CPUs
 * @param memoryKiB     memory in KiB
 * @param macs          MAC addresses of its interfaces
 * @param ip            the IP address the cloud manager set, or null
 * @param definitionRef where its definition is kept (a path in the definition store, a URI), or null
 * @param owner         the id of the action that owns it now, or null
 */
public record Vm(String name, String uuid, String host, VmState state, int vcpus, long memoryKiB, List<String> macs,
        String ip, String definitionRef, String owner) {

    public Vm {
        Preconditions.checkArgument(name != null && !name.isEmpty(), "vm name must not be empty: '%s'", name);
        Objects.requireNonNull(state, "state");
        Preconditions.checkArgument(vcpus >= 0, "vcpus of vm '%s' must not be negative: %s", name, vcpus);
        Preconditions.checkArgument(memoryKiB >= 0, "memory of vm '%s' must not be negative: %s", name, memoryKiB);
        macs = macs == null ? List.of() : ImmutableList.copyOf(macs);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        return new Builder(name).uuid(uuid).host(host).state(state).vcpus(vcpus).memoryKiB(memoryKiB).macs(macs)
                .ip(ip).definitionRef(definitionRef).owner(owner);
    }

    public Vm withState(VmState s) {
        return new Vm(name, uuid, host, s, vcpus, memoryKiB, macs, ip, definitionRef, owner);
    }

    public Vm withHost(String h) {
        return new Vm(name, uuid, h, state, vcpus, memoryKiB, macs, ip, definitionRef, owner);
    }

    public Vm withIp(String address) {
        return new Vm(name, uuid, host, state, vcpus, memoryKiB, macs, address, definitionRef, owner);
    }

    public Vm withOwner(String actionId) {
        return new Vm(name, uuid, host, state, vcpus, memoryKiB, macs, ip, definitionRef, actionId);
    }

    /** True while an action owns this VM. */
    public boolean isOwned() {
        return owner != null;
    }

    /** Builds a {@link Vm}; state defaults to UNKNOWN. */
    public static final class Builder {
        private final String name;
        private String uuid;
        private String host;
        private VmState state = VmState.UNKNOWN;
        private int vcpus;
        private long memoryKiB;
        private List<String> macs = List.of();
        private String ip;
        private String definitionRef;
        private String owner;

        private Builder(String name) {
            this.name = name;
        }

        public Builder uuid(String v) {
            this.uuid = v;
            return this;
        }

        public Builder host(String v) {
            this.host = v;
            return this;
        }

        public Builder state(VmState v) {
            this.state = v;
            return this;
        }

        public Builder vcpus(int v) {
            this.vcpus = v;
            return this;
        }

        public Builder memoryKiB(long v) {
            this.memoryKiB = v;
            return this;
        }

        public Builder macs(List<String> v) {
            this.macs = v;
            return this;
        }

        public Builder ip(String v) {
            this.ip = v;
            return this;
        }

        public Builder definitionRef(String v) {
            this.definitionRef = v;
            return this;
        }

        public Builder owner(String v) {
            this.owner = v;
            return this;
        }

        public Vm build() {
            return new Vm(name, uuid, host, state, vcpus, memoryKiB, macs, ip, definitionRef, owner);
        }
    }
}
