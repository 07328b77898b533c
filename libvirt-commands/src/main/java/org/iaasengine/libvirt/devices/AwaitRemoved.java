package org.iaasengine.libvirt.devices;

import java.time.Duration;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Results;
import java.util.function.Function;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * Waits until libvirt reports the device removed from the running VM ({@link DeviceRemoval}):
 * TIMEOUT after {@code deadline} when the guest ignores the unplug. Only reads; nothing to revert.
 *
 * <pre>{@code
 * .step(GONE, new AwaitRemoved(driver, "web1", disk, Duration.ofSeconds(30)))
 * }</pre>
 */
public final class AwaitRemoved implements Command<Boolean> {
    private final LibvirtDriver driver;
    private final String vm;
    private final Function<Results, Device> device;
    private final Duration deadline;

    /** For a device known when the plan is made. */
    public AwaitRemoved(LibvirtDriver driver, String vm, Device device, Duration deadline) {
        this(driver, vm, r -> device, deadline);
    }

    /** For a device read from earlier results (the volume claimed in the model, say). */
    public AwaitRemoved(LibvirtDriver driver, String vm, Function<Results, Device> device, Duration deadline) {
        this.driver = driver;
        this.vm = vm;
        this.device = device;
        this.deadline = deadline;
    }

    @Override
    public Boolean execute(CommandContext ctx) {
        Device device = this.device.apply(ctx);
        DeviceRemoval.await(driver, vm, device, deadline, ctx);
        return true;
    }

    @Override
    public boolean effects() {
        return false;
    }
}
