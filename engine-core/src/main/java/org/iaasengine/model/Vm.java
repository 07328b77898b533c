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
 * @param status        whether the host runs it now ({@link VmStatus#ONLINE}) or not, beside {@code state}: while
 *                      a transitional state hides it, the status still says what the host was last seen doing;
 *                      null given means "as {@code state} says" ({@link VmStatus#of})
 */
public record Vm(String name, String uuid, String host, VmState state, int vcpus, long memoryKiB, List<String> macs,
        String ip, String definitionRef, String owner, VmStatus status) {

    public Vm {
        Preconditions.checkArgument(name != null && !name.isEmpty(), "vm name must not be empty: '%s'", name);
        Objects.requireNonNull(state, "state");
        Preconditions.checkArgument(vcpus >= 0, "vcpus of vm '%s' must not be negative: %s", name, vcpus);
        Preconditions.checkArgument(memoryKiB >= 0, "memory of vm '%s' must not be negative: %s", name, memoryKiB);
        macs = macs == null ? List.of() : ImmutableList.copyOf(macs);
        status = status == null ? VmStatus.of(state) : status;
    }

    /** A VM whose status is what {@code state} says ({@link VmStatus#of}). */
    public Vm(String name, String uuid, String host, VmState state, int vcpus, long memoryKiB, List<String> macs,
            String ip, String definitionRef, String owner) {
        this(name, uuid, host, state, vcpus, memoryKiB, macs, ip, definitionRef, owner, null);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        return new Builder(name).uuid(uuid).host(host).state(state).vcpus(vcpus).memoryKiB(memoryKiB).macs(macs)
                .ip(ip).definitionRef(definitionRef).owner(owner).status(status);
    }

    /**
     * This VM in state {@code s}: a stable state brings its own status, a transitional one keeps the
     * status the VM had (a VM being stopped is still online until the host says otherwise).
     */
    public Vm withState(VmState s) {
        VmStatus st = s.isTransitional() ? status : VmStatus.of(s);
        return new Vm(name, uuid, host, s, vcpus, memoryKiB, macs, ip, definitionRef, owner, st);
    }

    /** This VM with status {@code s} (the instance monitor's reading of the host). */
    public Vm withStatus(VmStatus s) {
        return new Vm(name, uuid, host, state, vcpus, memoryKiB, macs, ip, definitionRef, owner, s);
    }

    public Vm withHost(String h) {
        return new Vm(name, uuid, h, state, vcpus, memoryKiB, macs, ip, definitionRef, owner, status);
    }

    public Vm withIp(String address) {
        return new Vm(name, uuid, host, state, vcpus, memoryKiB, macs, address, definitionRef, owner, status);
    }

    public Vm withOwner(String actionId) {
        return new Vm(name, uuid, host, state, vcpus, memoryKiB, macs, ip, definitionRef, actionId, status);
    }

    /** True while an action owns this VM. */
    public boolean isOwned() {
        return owner != null;
    }

    /**
     * Builds a {@link Vm}; state defaults to UNKNOWN, status to what the state says ({@link #state}
     * resets a status given before it).
     */
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
        private VmStatus status;

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

        /** The state; also resets the status to what the state says (call {@link #status} after to keep one). */
        public Builder state(VmState v) {
            this.state = v;
            this.status = null;
            return this;
        }

        /** The status; null: what the state says. */
        public Builder status(VmStatus v) {
            this.status = v;
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
            return new Vm(name, uuid, host, state, vcpus, memoryKiB, macs, ip, definitionRef, owner, status);
        }
    }
}
