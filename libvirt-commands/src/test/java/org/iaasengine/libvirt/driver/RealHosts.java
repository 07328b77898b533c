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
        return org.iaasengine.libvirt.xml.DomainXmlCodec.toXml(org.iaasengine.libvirt.xml.DomainXml.builder(name)
                .type("qemu").memoryMiB(32).vcpus(1).acpi(true).userInterface(mac).interfaceModel("virtio").build());
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

    /** The project's {@code scripts/} directory, found above the working directory. */
    public static java.nio.file.Path scripts() {
        for (java.nio.file.Path p = java.nio.file.Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (java.nio.file.Files.isRegularFile(p.resolve("scripts/libvirt-up.sh"))) {
                return p.resolve("scripts");
            }
        }
        throw new IllegalStateException("scripts/libvirt-up.sh not found above "
                + java.nio.file.Path.of("").toAbsolutePath());
    }

    /**
     * Runs a helper program (a test's own set-up, such as {@code libvirt-up.sh}) with its output in
     * a log file; fails naming the log when it does not exit 0 within 120 s.
     */
    public static void run(String... command) throws java.io.IOException, InterruptedException {
        java.nio.file.Path log = java.nio.file.Files.createTempFile("iaas-it", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s; log " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + "; log " + log);
        }
    }

    /**
     * The tiny real guest (kernel and initramfs from {@code scripts/libvirt-up.sh}): it fills its
     * 128 MiB, so a bandwidth-capped migration of it is slow. Built through JAXB, as every domain.
     */
    public static String tinyGuestXml(String name, String mac) {
        String guest = "/var/tmp/iaas-engine/guest/";
        return org.iaasengine.libvirt.xml.DomainXmlCodec.toXml(org.iaasengine.libvirt.xml.DomainXml.builder(name)
                .type("qemu").memoryMiB(128).vcpus(1).acpi(true)
                .directKernel(guest + "vmlinuz", guest + "initrd.gz", "console=ttyS0 quiet")
                .userInterface(mac).interfaceModel("virtio").build());
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
