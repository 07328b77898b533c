package org.iaasengine.model;

import java.util.Objects;
import java.util.function.Function;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Results;

/**
 * Claims a VM in the resource model for the running action, in a transitional state (STARTING,
 * STOPPING, MIGRATING...) that a model sync leaves alone while the action runs. Returns the
 * {@link Claim} (the VM as it was, and the owner); revert gives the VM back that form and releases
 * it. Both hypervisor modules use this one command.
 *
 * <ul>
 *   <li>{@link Builder#onHost onHost}: the claim is refused (CONFLICT, naming both hosts) when the
 *   model places the VM on another host than the action's, in the same atomic update, so nothing
 *   changes;</li>
 *   <li>{@link Builder#ifPresent ifPresent}: skipped (result null, nothing to revert) when the model
 *   does not know the VM;</li>
 *   <li>{@link Builder#observeFirst observeFirst}: when the model does not know the VM, the VM the
 *   function returns (from the hypervisor's answer of an earlier step) is observed into the model
 *   and then claimed; a null answer claims nothing.</li>
 * </ul>
 * Without {@code ifPresent} or {@code observeFirst}, a VM the model does not know fails NOT_FOUND.
 *
 * <pre>{@code
 * .step(CLAIM, ClaimVm.onHost(model, "host-a", "web1", VmState.STOPPING))
 * .step(CLAIM, ClaimVm.builder(model, "web1", VmState.STARTING)
 *         .observeFirst(r -> r.find(FOUND).map(l -> LparStates.toVm(l, "sys-a")).orElse(null))
 *         .build())
 * }</pre>
 */
public final class ClaimVm implements Command<Claim> {
    private final ResourceModel model;
    private final String vm;
    private final VmState transitional;
    private final String host;
    private final boolean ifPresent;
    private final Function<Results, Vm> observation;
    private final String name;

    private ClaimVm(Builder b) {
        this.model = b.model;
        this.vm = b.vm;
        this.transitional = b.transitional;
        this.host = b.host;
        this.ifPresent = b.ifPresent;
        this.observation = b.observation;
        this.name = b.detailedName ? "ClaimVm(" + vm + " " + transitional + ")" : "ClaimVm";
    }

    /** Starts a claim of {@code vm} in {@code transitional} state. */
    public static Builder builder(ResourceModel model, String vm, VmState transitional) {
        return new Builder(model, vm, transitional);
    }

    /** Claims {@code vm}, refused when the model places it on another host than {@code host} ({@code null}: any). */
    public static ClaimVm onHost(ResourceModel model, String host, String vm, VmState transitional) {
        return builder(model, vm, transitional).onHost(host).build();
    }

    /**
     * As {@link #onHost}, but skipped (result {@code null}) when the model does not know the VM: for
     * actions that also work on VMs the model has not seen, such as Delete.
     */
    public static ClaimVm ifPresent(ResourceModel model, String host, String vm, VmState transitional) {
        return builder(model, vm, transitional).onHost(host).ifPresent().build();
    }

    @Override
    public Claim execute(CommandContext ctx) {
        if (model.vm(vm).isEmpty()) {
            if (observation != null) {
                Vm seen = observation.apply(ctx);
                if (seen == null) {
                    return null;
                }
                model.observe(seen);
            } else if (ifPresent) {
                return null;
            }
        }
        return new Claim(model.claim(vm, host, ctx.actionId(), transitional), ctx.actionId());
    }

    @Override
    public void revert(CommandContext ctx, Claim claim) {
        if (claim != null) {
            claim.release(model, current -> claim.before());
        }
    }

    /** Nothing to give back when nothing was claimed. */
    @Override
    public boolean needsRevert(Claim claim) {
        return claim != null;
    }

    @Override
    public String name() {
        return name;
    }

    /** Builds a {@link ClaimVm}. */
    public static final class Builder {
        private final ResourceModel model;
        private final String vm;
        private final VmState transitional;
        private String host;
        private boolean ifPresent;
        private Function<Results, Vm> observation;
        private boolean detailedName;

        private Builder(ResourceModel model, String vm, VmState transitional) {
            this.model = Objects.requireNonNull(model, "model");
            this.vm = Objects.requireNonNull(vm, "vm");
            this.transitional = Objects.requireNonNull(transitional, "transitional");
        }

        /** Refuses the claim (CONFLICT) when the model places the VM on another host; null: any host. */
        public Builder onHost(String hostName) {
            this.host = hostName;
            return this;
        }

        /** Skips the claim (result null) when the model does not know the VM. */
        public Builder ifPresent() {
            this.ifPresent = true;
            return this;
        }

        /**
         * When the model does not know the VM, observes the VM {@code fn} makes of earlier results
         * and claims it; claims nothing (result null) when {@code fn} returns null.
         */
        public Builder observeFirst(Function<Results, Vm> fn) {
            this.observation = Objects.requireNonNull(fn, "fn");
            return this;
        }

        /** Names the step {@code ClaimVm(VM STATE)} in events and logs rather than {@code ClaimVm}. */
        public Builder detailedName() {
            this.detailedName = true;
            return this;
        }

        public ClaimVm build() {
            return new ClaimVm(this);
        }
    }

    /** It only reads (or changes this process's model): nothing of it outlives a crash. */
    @Override
    public boolean effects() {
        return false;
    }
}
