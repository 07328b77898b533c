package org.iaasengine.libvirt.devices;

import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Results;
import java.util.function.Function;
import org.iaasengine.libvirt.driver.DeviceScope;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * Asks for a device to leave a VM, one half at a time: {@link DeviceScope#LIVE} (the running guest,
 * which must consent: wait with {@link AwaitRemoved} next) or {@link DeviceScope#CONFIG} (the
 * persistent definition, done at once; only once the live device is gone, so a guest that ignores
 * the unplug leaves the definition as the guest really is). A device already absent from that half
 * is success with nothing to undo; the CONFIG half of a transient VM is nothing.
 *
 * <p>Revert, and the clean-up after a failed detach call (its reply may be lost), put the device
 * back into that half if it is no longer there (the live half of a guest that ignored the unplug
 * still has it: nothing to put back).
 *
 * <pre>{@code
 * .step(UNPLUG, new DetachDevice(driver, "web1", disk, DeviceScope.LIVE))
 * .step(GONE, new AwaitRemoved(driver, "web1", disk, Duration.ofSeconds(30)))
 * .step(FORGOTTEN, new DetachDevice(driver, "web1", disk, DeviceScope.CONFIG))
 * }</pre>
 */
public final class DetachDevice implements Command<Plugged> {
    private final LibvirtDriver driver;
    private final String vm;
    private final Function<Results, Device> device;
    private final DeviceScope half;

    /** For a device known when the plan is made. */
    public DetachDevice(LibvirtDriver driver, String vm, Device device, DeviceScope half) {
        this(driver, vm, r -> device, half);
    }

    /** For a device read from earlier results (the volume claimed in the model, say). */
    public DetachDevice(LibvirtDriver driver, String vm, Function<Results, Device> device, DeviceScope half) {
        if (half == DeviceScope.LIVE_AND_CONFIG) {
            throw new IllegalArgumentException("a detach step works on one half: LIVE or CONFIG, not " + half);
        }
        this.driver = driver;
        this.vm = vm;
        this.device = device;
        this.half = half;
    }

    @Override
    public Plugged execute(CommandContext ctx) {
        Device device = this.device.apply(ctx);
        if (!present(ctx)) {
            return Plugged.nothing();
        }
        driver.detachDevice(vm, device.xml(), half);
        return new Plugged(true, half);
    }

    private boolean present(Results ctx) {
        Device device = this.device.apply(ctx);
        Optional<DomainSummary> d = driver.lookup(vm);
        if (d.isEmpty()) {
            return false;
        }
        if (half == DeviceScope.LIVE) {
            return d.get().state().isActive() && device.presentIn(driver.dumpXml(vm, false));
        }
        return d.get().persistent() && device.presentIn(driver.dumpXml(vm, true));
    }

    @Override
    public void revert(CommandContext ctx, Plugged plugged) {
        Optional<DomainSummary> d = driver.lookup(vm);
        boolean hasHalf = d.isPresent() && (half == DeviceScope.LIVE ? d.get().state().isActive() : d.get().persistent());
        if (hasHalf && !present(ctx)) {
            driver.attachDevice(vm, device.apply(ctx).xml(), half);
        }
    }

    @Override
    public boolean needsRevert(Plugged plugged) {
        return plugged.changed();
    }

    /** A failed detach call may have detached (a lost reply); a process death leaves no result. */
    @Override
    public boolean undoesFailure(Throwable failure) {
        return true;
    }

    /**
     * Puts the device back into this half if the failed call took it out (the action failed, so
     * the VM keeps its device, as the model says). The live half of a guest that has not answered
     * the unplug yet still has it: nothing to put back.
     */
    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) {
        revert(ctx, new Plugged(true, half));
    }

    @Override
    public String name() {
        return "DetachDevice(" + half + ")";
    }
}
