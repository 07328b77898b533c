package org.iaasengine.libvirt.driver;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Where the real libvirt daemons of the integration tests are ({@code scripts/libvirt-up.sh}
 * starts them). Integration tests never skip when a daemon is missing: they fail.
 */
public final class RealHosts {
    /** The first host. */
    public static final String HOST1 = System.getProperty("iaas.host1", "qemu:///system");
    /** The second host, a libvirtd in its own mount namespace. */
    public static final String HOST2 = System.getProperty("iaas.host2",
            "qemu+unix:///system?socket=/var/tmp/iaas-engine/host2/libvirt-sock");

    private RealHosts() {
    }

    /**
     * A minimal transient-friendly TCG domain: no disk, firmware only, a user-mode NIC, no graphics
     * element (libvirt 9 rejects {@code <graphics type='none'/>}; without one QEMU gets no display).
     */
    public static String tinyDomainXml(String name, String mac) {
        return "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>32</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64'>hvm</type></os><features><acpi/></features>"
                + "<devices><interface type='user'><mac address='" + mac + "'/><model type='virtio'/></interface>"
                + "</devices></domain>";
    }

    /**
     * Destroys and undefines the domains whose names start with {@code prefix}: what an earlier run
     * that died (or lost its daemon) left behind.
     */
    public static void removeLeftovers(LibvirtDriver d, String prefix) {
        for (DomainSummary s : d.listDomains()) {
            if (s.name().startsWith(prefix)) {
                try {
                    d.destroy(s.name());
                } catch (DriverException notRunning) {
                    // inactive
                }
                try {
                    d.undefine(s.name());
                } catch (DriverException transientOne) {
                    // gone with the destroy
                }
            }
        }
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; true if it held. */
    public static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
