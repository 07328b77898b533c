package org.iaasengine.libvirt.devices;

import java.time.Duration;
import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Results;
import java.util.function.Function;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.Absence;
import org.iaasengine.libvirt.driver.DeviceScope;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * Hot-plugs a device into a running VM: live and persistent together when the VM is persistent,
 * live only when it is transient ({@link DeviceScope#of}). A VM that already has this very device
 * is success with nothing to undo (a retry after a lost reply); another device at its key (another
 * disk at the target, the MAC taken) is a CONFLICT; a VM that does not run is a CONFLICT too.
 *
 * <p>Revert removes the device again, in the scope it was added, and waits until libvirt reports
 * it removed ({@link DeviceRemoval}, up to {@code removalDeadline}): a revert that returns left no
 * device behind. After a failed attach call whose reply may have been lost, {@link #revertFailed}
 * removes the device if the VM has it.
 *
 * <pre>{@code
 * .step(PLUGGED, new AttachDevice(driver, "web1", Device.disk(path, "qcow2", "vdb"), Duration.ofSeconds(30)))
 * }</pre>
 */
public final class AttachDevice implements Command<Plugged> {
    private final LibvirtDriver driver;
    private final String vm;
    private final Function<Results, Device> device;
    private final Duration removalDeadline;

    /** For a device known when the plan is made. */
    public AttachDevice(LibvirtDriver driver, String vm, Device device, Duration removalDeadline) {
        this(driver, vm, r -> device, removalDeadline);
    }

    /** For a device read from earlier results (the volume claimed in the model, say). */
    public AttachDevice(LibvirtDriver driver, String vm, Function<Results, Device> device, Duration removalDeadline) {
        this.driver = driver;
        this.vm = vm;
        this.device = device;
        this.removalDeadline = removalDeadline;
    }

    @Override
    public Plugged execute(CommandContext ctx) {
        Device device = this.device.apply(ctx);
        DomainSummary d = driver.lookup(vm).orElseThrow(() -> CommandException.notFound(
                "vm '" + vm + "' is not on " + driver.uri()));
        if (!d.state().isActive()) {
            throw new CommandException(FailureCategory.CONFLICT, "vm '" + vm + "' is " + d.state().virshName()
                    + " on " + driver.uri() + "; " + device.describe() + " is hot-plugged into a running vm only");
        }
        Optional<String> there = device.sourceIn(driver.dumpXml(vm, false));
        if (there.isPresent()) {
            if (device.sameAs(there.get())) {
                return Plugged.nothing();
            }
            throw new CommandException(FailureCategory.CONFLICT, "vm '" + vm + "' on " + driver.uri() + " already has "
                    + device.describe() + " (" + (there.get().isEmpty() ? "empty" : there.get()) + ")");
        }
        DeviceScope scope = DeviceScope.of(true, d.persistent());
        driver.attachDevice(vm, device.xml(), scope);
        return new Plugged(true, scope);
    }

    @Override
    public void revert(CommandContext ctx, Plugged plugged) {
        remove(ctx, plugged.scope());
    }

    @Override
    public boolean needsRevert(Plugged plugged) {
        return plugged.changed();
    }

    /** A failed attach call may have attached (a lost reply); and a process death leaves no result. */
    @Override
    public boolean undoesFailure(Throwable failure) {
        return true;
    }

    /**
     * Removes the device from each half of the VM that has this very device now (put there by the
     * failed call). Each half is checked on its own, so a clean-up that is retried after it removed
     * the live device still removes the persistent one.
     */
    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) {
        Optional<DomainSummary> d = driver.lookup(vm);
        if (d.isEmpty() || (!d.get().state().isActive() && !d.get().persistent())) {
            return; // gone: nothing of ours there
        }
        remove(ctx, DeviceScope.of(d.get().state().isActive(), d.get().persistent()));
    }

    /** Removes this very device (same source) from the halves of {@code scope} that have it. */
    private void remove(CommandContext ctx, DeviceScope scope) {
        Device device = this.device.apply(ctx);
        if (scope.live() && DeviceRemoval.presentLive(driver, vm, device)
                && device.sourceIn(driver.dumpXml(vm, false)).filter(device::sameAs).isPresent()) {
            driver.detachDevice(vm, device.xml(), DeviceScope.LIVE);
            DeviceRemoval.await(driver, vm, device, removalDeadline, ctx);
        }
        if (scope.config()) {
            Optional<String> config = Absence.emptyIfNoDomain(() -> driver.dumpXml(vm, true))
                    .flatMap(device::sourceIn);
            if (config.isPresent() && device.sameAs(config.get())) {
                driver.detachDevice(vm, device.xml(), DeviceScope.CONFIG);
            }
        }
    }
}
