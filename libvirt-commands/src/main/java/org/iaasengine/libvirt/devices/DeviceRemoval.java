package org.iaasengine.libvirt.devices;

import java.time.Duration;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Poll;
import org.iaasengine.core.Retry;
import org.iaasengine.libvirt.driver.Absence;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * Waiting until libvirt reports a device removed from a running domain: its live definition
 * ({@code dumpXml(name, false)}) is read every 200 ms, through {@link Poll} on the engine's
 * scheduler, until the device is gone or the deadline passes. A live unplug needs the guest's
 * consent (an ACPI eject for PCI); a guest that ignores it keeps the device, and the wait ends
 * in TIMEOUT with the device still there.
 *
 * <p>Why polling rather than libvirt's {@code DEVICE_REMOVED} event: libvirt-java 0.5.4 does not
 * bind that event, {@code virsh event --event device-removed} would be a second event process
 * per driver, and a poll also sees a removal that happened before the wait started. Measured
 * here (TCG, the tiny guest): a virtio disk or NIC is gone 0.03-0.1 s after the detach call; a
 * firmware-only domain (no OS) never lets go, libvirt's own detach call returns after 5 s with
 * the device still present.
 *
 * <pre>{@code
 * DeviceRemoval.await(driver, "web1", Device.disk(path, "qcow2", "vdb"), Duration.ofSeconds(30), ctx);
 * }</pre>
 */
public final class DeviceRemoval {
    static final Duration POLL = Duration.ofMillis(200);

    private DeviceRemoval() {
    }

    /**
     * Returns once the running domain {@code vm} no longer has {@code device} (or the domain is gone
     * or not running: nothing live is left to remove); fails with TIMEOUT when {@code deadline} (or
     * the step's time) passes first, with CANCELLED on an interrupt.
     */
    public static void await(LibvirtDriver driver, String vm, Device device, Duration deadline, CommandContext ctx) {
        Retry every200ms = Retry.builder().fixedDelay(POLL).jitter(0).maxAttempts(Integer.MAX_VALUE)
                .maxDuration(deadline).retryOn(FailureCategory.TRANSIENT).build();
        boolean gone;
        try {
            gone = Poll.until(() -> !presentLive(driver, vm, device), every200ms, ctx);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException(FailureCategory.CANCELLED, "interrupted while waiting for " + device.describe()
                    + " to leave vm '" + vm + "' on " + driver.uri(), e);
        }
        if (!gone) {
            throw new CommandException(FailureCategory.TIMEOUT, "the guest of vm '" + vm + "' on " + driver.uri()
                    + " did not release " + device.describe() + " within " + deadline.toMillis()
                    + " ms: the unplug is still pending and the device is still attached");
        }
    }

    /** True if the running domain has the device now; false when the domain is gone or inactive. */
    static boolean presentLive(LibvirtDriver driver, String vm, Device device) {
        return Absence.emptyIfNoDomain(() -> driver.state(vm))
                .filter(s -> s.state().isActive())
                .flatMap(s -> Absence.emptyIfNoDomain(() -> driver.dumpXml(vm, false)))
                .map(device::presentIn)
                .orElse(false);
    }
}
