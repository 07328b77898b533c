package org.iaasengine.libvirt.actions;

import com.google.common.reflect.TypeToken;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.iaasengine.core.Action;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.FailureHook;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Key;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.commands.CheckDestination;
import org.iaasengine.libvirt.commands.DomInfo;
import org.iaasengine.libvirt.commands.HostRunningInfo;
import org.iaasengine.libvirt.commands.LocateVm;
import org.iaasengine.libvirt.commands.MoveDefinition;
import org.iaasengine.libvirt.commands.SampleNodeStats;
import org.iaasengine.libvirt.driver.DomainInfo;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.NodeInfo;
import org.iaasengine.libvirt.spec.DomainNames;
import org.iaasengine.libvirt.spec.DiskImage;
import org.iaasengine.libvirt.spec.ShutdownOutcome;
import org.iaasengine.libvirt.store.StoredDefinition;
import org.iaasengine.libvirt.sync.FailureResync;
import org.iaasengine.libvirt.sync.States;
import org.iaasengine.model.Claim;
import org.iaasengine.model.ClaimVm;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.request.ActionRequest;

/** The step keys and the parts the libvirt plans share: locate and claim the VM, release it, resync after a failure. */
final class VmPlans {
    static final Key<Vm> PLACEHOLDER = Key.of("placeholder", Vm.class);
    static final Key<Claim> CLAIM = Key.of("before", Claim.class);
    static final Key<LocateVm.Placement> LOCATED = Key.of("located", LocateVm.Placement.class);
    static final Key<DiskImage> DISK = Key.of("disk", DiskImage.class);
    static final Key<StoredDefinition> DEFINITION = Key.of("definition", StoredDefinition.class);
    static final Key<DomainSummary> DOMAIN = Key.of("domain", DomainSummary.class);
    static final Key<Boolean> STARTED = Key.of("started", Boolean.class);
    static final Key<DomainInfo> INFO = Key.of("info", DomainInfo.class);
    static final Key<ShutdownOutcome> SHUTDOWN = Key.of("shutdown", ShutdownOutcome.class);
    static final Key<Boolean> MIGRATED = Key.of("migrated", Boolean.class);
    static final Key<Boolean> DESTINATION_FREE = Key.of("destination-free", Boolean.class);
    static final Key<Optional<String>> MOVED = Key.of("moved", new TypeToken<Optional<String>>() {
    });
    static final Key<NodeInfo> NODE = Key.of("node", NodeInfo.class);
    static final Key<HostRunningInfo.Result> RUNNING = Key.of("running", HostRunningInfo.Result.class);
    static final Key<SampleNodeStats.Sample> FIRST = Key.of("first", SampleNodeStats.Sample.class);
    static final Key<SampleNodeStats.Sample> SECOND = Key.of("second", SampleNodeStats.Sample.class);

    private VmPlans() {
    }

    /** Checks the VM name as Create does, before anything runs. */
    static void checkVm(String name) {
        DomainNames.check(name);
    }

    /** Checks that a request planned on {@code host} names that host. */
    static void checkHost(ActionRequest req, String named, LibvirtHost host) {
        InvalidInputException.check(host.name().equals(named), "%s request names host '%s' but is planned on host '%s'",
                req.action(), named, host.name());
    }

    /**
     * The start of a plan on one VM: locate it on {@code host}, then claim it in {@code transitional}
     * state (refused when the model places it on another host).
     */
    static Action.Builder<Vm> vmAction(ResourceModel model, LibvirtSettings s, ActionRequest req, LibvirtHost host,
            String name, VmState transitional) {
        return Action.<Vm>builder(req.action(), ResourceKey.vm(name).toString())
                .request(req)
                .timeout(s.actionTimeout().plus(s.shutdownGrace()))
                .revertRetry(s.revertRetry())
                .step(Step.of(LOCATED, locate(model, host, name, LocateVm.Presence.ANY)).withRetry(s.retry()))
                .step(CLAIM, ClaimVm.onHost(model, host.name(), name, transitional));
    }

    /**
     * The start of both migrations, live and not: the checks of the request, then locate the VM on
     * {@code from}, claim it MIGRATING, and check that {@code to} holds no other VM of its name.
     */
    static Action.Builder<Vm> migration(ResourceModel model, LibvirtSettings s, ActionRequest req, String name,
            String host, String destination, LibvirtHost from, LibvirtHost to, Duration timeout) {
        checkVm(name);
        InvalidInputException.check(!from.name().equals(to.name()), "vm '%s' cannot migrate from host '%s' to itself",
                name, from.name());
        checkHost(req, host, from);
        checkHost(req, destination, to);
        return Action.<Vm>builder(req.action(), ResourceKey.vm(name).toString())
                .request(req)
                .timeout(timeout)
                .revertRetry(s.revertRetry())
                .step(Step.of(LOCATED, locate(model, from, name, LocateVm.Presence.ON_HOST)).withRetry(s.retry()))
                .step(CLAIM, ClaimVm.onHost(model, from.name(), name, VmState.MIGRATING))
                .step(Step.of(DESTINATION_FREE, new CheckDestination(to.driver(), to.name(), name, LOCATED))
                        .withRetry(s.retry()));
    }

    /**
     * The end of both migrations: the definition store moves the VM to {@code to}, its state is read
     * there, and the model gets it on {@code to}; after a failure both hosts are re-read.
     */
    static Action<Vm> finishMigration(Action.Builder<Vm> b, ResourceModel model, LibvirtSettings s, LibvirtHost from,
            LibvirtHost to, String name) {
        return b.step(Step.of(MOVED, new MoveDefinition(from.store(), name, to.name())))
                .step(Step.of(INFO, new DomInfo(to.driver(), name)).withRetry(s.retry()))
                .sync(r -> release(model, r, name, vm -> States.fromInfo(vm.withHost(to.name()), r.get(INFO), to)))
                .onFailure(resync(model, name, from, to))
                .result(r -> model.vm(name).orElseThrow())
                .build();
    }

    static LocateVm locate(ResourceModel model, LibvirtHost host, String name, LocateVm.Presence presence) {
        return new LocateVm(model, host.name(), host.driver(), host.store(), name, presence);
    }

    /** Releases the VM the run owns, with its final form. */
    static void release(ResourceModel model, CommandContext r, String name, UnaryOperator<Vm> finalForm) {
        model.release(name, r.actionId(), finalForm);
    }

    /** After a failure, the VM's real state from {@code hosts} into the model (see {@link FailureResync}). */
    static FailureHook resync(ResourceModel model, String name, LibvirtHost... hosts) {
        return FailureResync.of(model, name, List.of(CLAIM, PLACEHOLDER), hosts);
    }
}
