package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.VmPlans.CLAIM;
import static org.iaasengine.libvirt.actions.VmPlans.INFO;
import static org.iaasengine.libvirt.actions.VmPlans.LOCATED;
import static org.iaasengine.libvirt.actions.VmPlans.SHUTDOWN;
import static org.iaasengine.libvirt.actions.VmPlans.STARTED;

import com.google.common.reflect.TypeToken;
import java.util.Optional;
import org.iaasengine.core.Action;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Key;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.commands.CheckGone;
import org.iaasengine.libvirt.commands.DestroyVm;
import org.iaasengine.libvirt.commands.DomInfo;
import org.iaasengine.libvirt.commands.MoveDefinition;
import org.iaasengine.libvirt.commands.PlaceVm;
import org.iaasengine.libvirt.commands.PressPowerButton;
import org.iaasengine.libvirt.commands.ShutdownVm;
import org.iaasengine.libvirt.commands.StartVm;
import org.iaasengine.libvirt.commands.UndefineVm;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.spec.CleanupRequest;
import org.iaasengine.libvirt.spec.PowerOutcome;
import org.iaasengine.libvirt.spec.PowerResult;
import org.iaasengine.libvirt.spec.PoweroffRequest;
import org.iaasengine.libvirt.spec.PoweronRequest;
import org.iaasengine.libvirt.spec.ShutdownOutcome;
import org.iaasengine.libvirt.spec.SoftPoweroffRequest;
import org.iaasengine.libvirt.spec.StopRequest;
import org.iaasengine.libvirt.spec.TerminateRequest;
import org.iaasengine.libvirt.store.StoredDefinition;
import org.iaasengine.libvirt.sync.States;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;

/**
 * Wakame-VDC's power variants, each an action with a {@link PowerResult} that says what it did, and
 * each idempotent: a second run finds the work done and says so ({@code WAS_OFF}, {@code WAS_ON},
 * {@code WAS_GONE}). They reuse the commands of start, shutdown and delete; no new driver call.
 *
 * <table>
 *   <caption>The variants</caption>
 *   <tr><td>poweroff</td><td>destroy at once, check the host agrees it is off; model SHUTOFF. No revert (a power
 *   cut cannot be undone).</td></tr>
 *   <tr><td>soft_poweroff</td><td>one ACPI press, return; model HALTING (unowned) until the host reports it
 *   off: the {@link org.iaasengine.libvirt.sync.HostMonitor} records SHUTOFF and {@code instance_turnedoff},
 *   or recovers it past its deadline.</td></tr>
 *   <tr><td>poweron</td><td>place it here if {@code stop} released it (store, define), start, read its info;
 *   reverts undo the start and the placing.</td></tr>
 *   <tr><td>stop</td><td>shutdown (ACPI, destroy after the grace), undefine, release the host in the store
 *   and the model (host null, SHUTOFF); disks and definition kept. Reverts start and define it again.</td></tr>
 *   <tr><td>terminate</td><td>delete with its disks: destroy, undefine, forget, delete its disk files,
 *   remove it from the model.</td></tr>
 *   <tr><td>cleanup</td><td>destroy and undefine on this host only; model, store and disks untouched (a host
 *   being evacuated: the VM lives on elsewhere). The domain must be the VM the library knows (same UUID).</td></tr>
 * </table>
 *
 * <pre>{@code
 * PowerResult r = engine.run(PowerActions.poweroff(model, settings, host, new PoweroffRequest("host-a", "web1")));
 * }</pre>
 */
public final class PowerActions {
    static final Key<Boolean> DESTROYED = Key.of("destroyed", Boolean.class);
    static final Key<Boolean> OFF = Key.of("off", Boolean.class);
    static final Key<Boolean> PRESSED = Key.of("pressed", Boolean.class);
    static final Key<PlaceVm.Placed> PLACED = Key.of("placed", PlaceVm.Placed.class);
    static final Key<Optional<String>> UNDEFINED = Key.of("undefined", new TypeToken<Optional<String>>() {
    });
    static final Key<Optional<String>> HOST_RELEASED = Key.of("host-released", new TypeToken<Optional<String>>() {
    });
    static final Key<Optional<DomainSummary>> FOUND = Key.of("found", new TypeToken<Optional<DomainSummary>>() {
    });

    private PowerActions() {
    }

    /** {@code poweroff}: destroy at once; a VM not running is {@link PowerOutcome#WAS_OFF}. */
    public static Action<PowerResult> poweroff(ResourceModel model, LibvirtSettings s, LibvirtHost host,
            PoweroffRequest req) {
        String name = checked(req.vm(), req, req.host(), host);
        return power(model, s, req, host, name, VmState.STOPPING)
                .step(Step.of(DESTROYED, new DestroyVm(host.driver(), name)).withRetry(s.retry()))
                // "Not running" and "not found" answers are taken as done: check the host agrees.
                .step(Step.of(OFF, Command.reading("CheckOff", ctx -> checkOff(host, name))).withRetry(s.retry()))
                .sync(r -> VmPlans.release(model, r, name, vm -> vm.withState(VmState.SHUTOFF)))
                .onFailure(VmPlans.resync(model, name, host))
                .result(r -> result(model, name, r.get(DESTROYED) ? PowerOutcome.POWERED_OFF : PowerOutcome.WAS_OFF))
                .build();
    }

    /**
     * {@code soft_poweroff}: one ACPI press and return; the model shows the VM {@link VmState#HALTING}
     * (not owned) until the host reports it off. A VM not running is {@link PowerOutcome#WAS_OFF}.
     */
    public static Action<PowerResult> softPoweroff(ResourceModel model, LibvirtSettings s, LibvirtHost host,
            SoftPoweroffRequest req) {
        String name = checked(req.vm(), req, req.host(), host);
        return power(model, s, req, host, name, VmState.STOPPING)
                .step(PRESSED, new PressPowerButton(host.driver(), name))
                .sync(r -> VmPlans.release(model, r, name,
                        vm -> r.get(PRESSED) ? vm.withState(VmState.HALTING) : vm.withState(VmState.SHUTOFF)))
                .onFailure(VmPlans.resync(model, name, host))
                .result(r -> result(model, name, r.get(PRESSED) ? PowerOutcome.ACPI_SENT : PowerOutcome.WAS_OFF))
                .build();
    }

    /** {@code poweron}: (place it on this host if stop released it) start it and read its info. */
    public static Action<PowerResult> poweron(ResourceModel model, LibvirtSettings s, LibvirtHost host,
            PoweronRequest req) {
        String name = checked(req.vm(), req, req.host(), host);
        return Action.<PowerResult>builder(req.action(), ResourceKey.vm(name).toString())
                .request(req)
                .timeout(s.actionTimeout())
                .revertRetry(s.revertRetry())
                .step(Step.of(LOCATED, VmPlans.locate(model, host, name,
                        org.iaasengine.libvirt.commands.LocateVm.Presence.ANY)).withRetry(s.retry()))
                // A VM that stop released is in no host's reconcile: a model that did not see the stop
                // (another process) learns it from the definition store.
                .step(CLAIM, org.iaasengine.model.ClaimVm.builder(model, name, VmState.STARTING).onHost(host.name())
                        .observeFirst(r -> unplaced(host, name)).build())
                .step(PLACED, new PlaceVm(host.driver(), host.store(), host.name(), name))
                .step(STARTED, new StartVm(host.driver(), host.store(), host.name(), name))
                .step(Step.of(INFO, new DomInfo(host.driver(), name)).withRetry(s.retry()))
                .sync(r -> VmPlans.release(model, r, name, vm -> States.fromInfo(vm, r.get(INFO), host)))
                .onFailure(VmPlans.resync(model, name, host))
                .result(r -> result(model, name, r.get(STARTED) ? PowerOutcome.POWERED_ON : PowerOutcome.WAS_ON))
                .build();
    }

    /**
     * {@code stop}: shut down (ACPI, destroy after the grace period), undefine on the host, release the
     * host in the definition store and the model (host null, SHUTOFF). Disks and definition are kept:
     * {@code poweron} on any host brings it back.
     */
    public static Action<PowerResult> stop(ResourceModel model, LibvirtSettings s, LibvirtHost host, StopRequest req) {
        String name = checked(req.vm(), req, req.host(), host);
        return power(model, s, req, host, name, VmState.STOPPING)
                // Starting it again is safe only once its persistent definition is back: an undefine
                // whose revert failed must not have the start re-create it as a transient domain.
                .haltRevertOnFailure()
                .step(SHUTDOWN, new ShutdownVm(host.driver(), host.store(), name, s.shutdownGrace(), s.acpiResend()))
                .step(UNDEFINED, new UndefineVm(host.driver(), name))
                .step(Step.of(Key.of("gone", Boolean.class), new CheckGone(host.driver(), name)).withRetry(s.retry()))
                .step(HOST_RELEASED, new MoveDefinition(host.store(), name, null))
                .sync(r -> VmPlans.release(model, r, name, vm -> vm.withState(VmState.SHUTOFF).withHost(null)))
                .onFailure(VmPlans.resync(model, name, host))
                .result(r -> result(model, name,
                        r.get(SHUTDOWN) == ShutdownOutcome.ALREADY_OFF ? PowerOutcome.WAS_OFF : PowerOutcome.STOPPED))
                .build();
    }

    /** {@code terminate}: delete with its disks and forget it (the delete's steps). */
    public static Action<PowerResult> terminate(ResourceModel model, LibvirtSettings s, LibvirtHost host,
            TerminateRequest req) {
        String name = checked(req.vm(), req, req.host(), host);
        Action.Builder<PowerResult> b = Action.<PowerResult>builder(req.action(), ResourceKey.vm(name).toString())
                .request(req);
        DeleteAction.steps(b, model, s, host, name, true,
                Step.of(OFF, Command.reading("CheckOff", ctx -> checkOff(host, name))).withRetry(s.retry()));
        return b.sync(r -> DeleteAction.forget(model, host, name, r))
                .onFailure(VmPlans.resync(model, name, host))
                .result(r -> {
                    boolean known = r.get(LOCATED).domain().isPresent() || r.find(CLAIM).isPresent()
                            || r.get(DeleteAction.STORED).isPresent();
                    return new PowerResult(name, known ? PowerOutcome.TERMINATED : PowerOutcome.WAS_GONE, null,
                            r.get(DeleteAction.DISKS_DELETED));
                })
                .build();
    }

    /**
     * {@code cleanup}: destroy and undefine the domain on this host, leaving the model, the definition
     * store and the disks as they are. A domain of that name whose UUID is not the one the model or the
     * store knows is another VM: CONFLICT, left alone.
     */
    public static Action<PowerResult> cleanup(ResourceModel model, LibvirtSettings s, LibvirtHost host,
            CleanupRequest req) {
        String name = checked(req.vm(), req, req.host(), host);
        return Action.<PowerResult>builder(req.action(), ResourceKey.vm(name).toString())
                .request(req)
                .timeout(s.actionTimeout())
                .revertRetry(s.revertRetry())
                .step(Step.of(FOUND, Command.reading("FindOwnDomain", ctx -> ownDomain(model, host, name)))
                        .withRetry(s.retry()))
                .step(Step.of(DESTROYED, new DestroyVm(host.driver(), name)).withRetry(s.retry()))
                .step(Step.of(OFF, Command.reading("CheckOff", ctx -> checkOff(host, name))).withRetry(s.retry()))
                .step(UNDEFINED, new UndefineVm(host.driver(), name))
                .step(Step.of(Key.of("gone", Boolean.class), new CheckGone(host.driver(), name)).withRetry(s.retry()))
                .result(r -> new PowerResult(name,
                        r.get(FOUND).isPresent() ? PowerOutcome.CLEANED_UP : PowerOutcome.WAS_GONE,
                        model.vm(name).orElse(null), null))
                .build();
    }

    /** True when the host does not run {@code name}; a CONFLICT when it still does. */
    private static Boolean checkOff(LibvirtHost host, String name) {
        Optional<DomainSummary> d = host.driver().lookup(name);
        if (d.isPresent() && d.get().state().isActive()) {
            throw new CommandException(FailureCategory.CONFLICT, "vm '" + name + "' still runs on host '" + host.name()
                    + "' (" + d.get().state() + ") after its power-off");
        }
        return true;
    }

    /** The domain {@code name} on the host, refused when its UUID is not the VM's the library knows. */
    private static Optional<DomainSummary> ownDomain(ResourceModel model, LibvirtHost host, String name) {
        Optional<DomainSummary> d = host.driver().lookup(name);
        String known = model.vm(name).map(Vm::uuid)
                .orElse(host.store().get(name).map(StoredDefinition::uuid).orElse(null));
        if (d.isPresent() && known != null && d.get().uuid() != null && !known.equalsIgnoreCase(d.get().uuid())) {
            throw new CommandException(FailureCategory.CONFLICT, "vm '" + name + "' on host '" + host.name()
                    + "' has uuid " + d.get().uuid() + ", not the uuid " + known + " the library knows: left alone");
        }
        return d;
    }

    /**
     * The VM {@code stop} released (its stored definition names no host), as the model shows it;
     * NOT_FOUND as the claim of a VM the model does not know when there is none.
     */
    private static Vm unplaced(LibvirtHost host, String name) {
        return host.store().get(name).filter(d -> d.host() == null)
                .map(d -> Vm.builder(name).uuid(d.uuid()).state(VmState.SHUTOFF).ip(d.ip()).build())
                .orElseThrow(() -> CommandException.notFound("vm '" + name + "' is not in the model"));
    }

    private static String checked(String name, org.iaasengine.request.ActionRequest req, String named,
            LibvirtHost host) {
        VmPlans.checkVm(name);
        VmPlans.checkHost(req, named, host);
        return name;
    }

    private static Action.Builder<PowerResult> power(ResourceModel model, LibvirtSettings s,
            org.iaasengine.request.ActionRequest req, LibvirtHost host, String name, VmState transitional) {
        return Action.<PowerResult>builder(req.action(), ResourceKey.vm(name).toString())
                .request(req)
                .timeout(s.actionTimeout().plus(s.shutdownGrace()))
                .revertRetry(s.revertRetry())
                .step(Step.of(LOCATED, VmPlans.locate(model, host, name,
                        org.iaasengine.libvirt.commands.LocateVm.Presence.ANY)).withRetry(s.retry()))
                .step(CLAIM, org.iaasengine.model.ClaimVm.onHost(model, host.name(), name, transitional));
    }

    private static PowerResult result(ResourceModel model, String name, PowerOutcome outcome) {
        return new PowerResult(name, outcome, model.vm(name).orElse(null), null);
    }
}
