package org.iaasengine.libvirt.driver;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The port through which commands reach one libvirt host: the primitives the library needs, and
 * nothing else. Two drivers implement it: {@code VirshDriver} (the {@code virsh} program through
 * the library's process runner, on Apache Commons Exec) and {@code LibvirtJavaDriver} (libvirt-java over JNA, in process). One
 * contract test suite holds both to the same behaviour against a real libvirtd.
 *
 * <p>Every method has a bounded duration (each driver has a per-call timeout; {@link #migrate}
 * takes its own), honours thread interruption where the transport allows, and fails with a
 * {@link DriverException} whose {@link LibvirtError} and category are classified by code.
 * Domains are named by their libvirt name.
 *
 * <pre>{@code
 * try (LibvirtDriver driver = LibvirtJavaDriver.open("qemu:///system")) {
 *     DomainSummary d = driver.create(xml, false);
 *     driver.suspend(d.name());
 * }
 * }</pre>
 */
public interface LibvirtDriver extends AutoCloseable {

    /** The connection URI, for example {@code qemu:///system}. */
    String uri();

    /** The host's name as libvirt reports it. */
    String hostname();

    /** CPU and memory of the host. */
    NodeInfo nodeInfo();

    /** One sample of the host's CPU times and memory use. */
    NodeStats nodeStats();

    /** All domains, active and inactive. */
    List<DomainSummary> listDomains();

    /**
     * Node info, free memory and every domain: what a full sync reads. By default the calls one
     * after the other; a driver that can overlap them on its connection (libvirt-java: libvirt's
     * client multiplexes concurrent calls) does, so a sync costs about one round trip. Free memory
     * is empty when the host reports no memory statistics (NO_SUPPORT, or refused as invalid).
     */
    default HostListing listHost() {
        return new HostListing(nodeInfo(), freeMemoryIfReported(() -> nodeStats().memFreeKiB()), listDomains());
    }

    /**
     * The domain XML ({@link #dumpXml dumpXml(name, false)}) of each of {@code names} that still
     * exists; a name whose domain went away meanwhile is left out. By default one call after the
     * other; the libvirt-java driver overlaps them. Secure data as {@link #dumpXml}: a secret.
     */
    default java.util.Map<String, String> dumpXmls(java.util.Collection<String> names) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String n : names) {
            Absence.emptyIfNoDomain(() -> dumpXml(n, false)).ifPresent(x -> out.put(n, x));
        }
        return out;
    }

    /** Free memory as {@code freeKiB} reads it, empty when the host reports no memory statistics. */
    static java.util.OptionalLong freeMemoryIfReported(java.util.function.LongSupplier freeKiB) {
        try {
            return java.util.OptionalLong.of(freeKiB.getAsLong());
        } catch (DriverException e) {
            if (e.error() != LibvirtError.NO_SUPPORT && e.category() != org.iaasengine.core.FailureCategory.INVALID_INPUT) {
                throw e;
            }
            return java.util.OptionalLong.empty();
        }
    }

    /** The domain with this name, if it exists ({@link Absence}). */
    Optional<DomainSummary> lookup(String name);

    /** What {@code dominfo} shows. */
    DomainInfo info(String name);

    /** The state and its reason. */
    DomainStatus state(String name);

    /**
     * The domain XML ({@code inactive}: the persistent definition rather than the live one),
     * <em>always with its secure data</em>: libvirt's {@code VIR_DOMAIN_XML_SECURE}
     * ({@code virsh dumpxml --security-info}), so VNC and SPICE {@code passwd} attributes and the
     * like are in it. The text is what {@link #define} needs to recreate the domain as it was: the
     * library's read-modify-write, the undo of {@code UndefineVm} and the definition store all give
     * it back to libvirt, and without secure data each of them would silently drop the passwords.
     * There is deliberately no flag to leave it out: a definition without its secrets is not the
     * definition, and a second variant would be the one picked by mistake.
     *
     * <p>Treat the text as a secret: never log it or put it in a message (the library does neither;
     * the definition store writes it owner-readable only). It needs a read-write connection, which
     * both drivers open.
     *
     * <pre>{@code
     * DomainXml vm = DomainXmlCodec.fromXml(driver.dumpXml("web1", true));  // persistent definition
     * vm.setMemoryMiB(1024);
     * driver.define(DomainXmlCodec.toXml(vm));                             // VNC password kept
     * }</pre>
     */
    String dumpXml(String name, boolean inactive);

    /** The domain's network interfaces. */
    List<DomainInterface> interfaces(String name);

    /** Bulk statistics of all domains in one call (state, vCPUs, balloon, interfaces). */
    List<DomainStats> allDomainStats();

    /** Defines a persistent domain from XML; returns it. */
    DomainSummary define(String xml);

    /** Creates and starts a transient domain from XML ({@code virsh create}); returns it. */
    DomainSummary create(String xml, boolean paused);

    /** Starts a defined, inactive domain. */
    void start(String name, boolean paused);

    /** Asks the guest to shut down and returns at once; the guest may ignore it. */
    void shutdown(String name, ShutdownMode mode);

    /** Stops the domain at once (power cut). */
    void destroy(String name);

    /** Removes a persistent domain's definition. */
    void undefine(String name);

    /** Pauses the domain's CPUs. */
    void suspend(String name);

    /** Resumes a paused domain. */
    void resume(String name);

    /** Asks the guest to reboot. */
    void reboot(String name);

    /**
     * Adds a device ({@code <disk>}, {@code <interface>}... as one XML element, made by the JAXB
     * classes of {@code org.iaasengine.libvirt.xml.DeviceXml}) to the domain, in {@code scope}:
     * {@code virDomainAttachDeviceFlags}, {@code virsh attach-device}. On a running domain this is a
     * hot-plug: it returns when QEMU has the device.
     */
    void attachDevice(String name, String deviceXml, DeviceScope scope);

    /**
     * Asks for a device to be removed from the domain, in {@code scope}:
     * {@code virDomainDetachDeviceFlags}, {@code virsh detach-device}. The device is found by what
     * the XML names (a disk by its target, an interface by its MAC). The persistent definition
     * changes at once; a live unplug needs the guest's consent: libvirt waits a few seconds for it,
     * then returns with the unplug still pending. Whether the device is gone is read from the live
     * definition ({@link #dumpXml dumpXml(name, false)}): see {@code DeviceRemoval}.
     */
    void detachDevice(String name, String deviceXml, DeviceScope scope);

    /**
     * Migrates the domain to {@code destinationUri} and returns when the migration finished;
     * aborts it and fails with TIMEOUT when {@code options.timeout()} passes, with CANCELLED when
     * the calling thread is interrupted ({@link MigrationWatch}).
     */
    void migrate(String name, String destinationUri, MigrationOptions options);

    /**
     * Progress of the domain's running job; empty when none runs, or the domain does not run or is
     * not there ({@link Absence}).
     */
    Optional<JobProgress> jobProgress(String name);

    /** Aborts the domain's running job (a migration, a backup). */
    void abortJob(String name);

    /**
     * Starts a push-mode backup of a running (or paused) domain: {@code virDomainBackupBegin},
     * {@code virsh backup-begin}. QEMU copies each disk {@code backupXml} names (a
     * {@code <domainbackup mode='push'>}, see {@code xml.DomainBackupXml}), as it was at this
     * instant, to its target file while the guest runs on; the call returns once the job started.
     * Follow it with {@link #jobProgress} (present while it runs) and {@link #finishedJob}; stop it
     * with {@link #abortJob}. A driver whose hypervisor has no backup job fails with
     * {@link LibvirtError#NO_SUPPORT} (libvirt's test driver does).
     */
    void backupBegin(String name, String backupXml);

    /**
     * The domain's last finished job ({@code virDomainGetJobStats} with
     * {@code VIR_DOMAIN_JOB_STATS_COMPLETED}, {@code virsh domjobinfo --completed}); libvirt forgets
     * it once read. Empty when none is kept, or the domain is not there or not running
     * ({@link Absence}).
     */
    Optional<FinishedJob> finishedJob(String name);

    /**
     * Subscribes to lifecycle events of all domains of this host. The listener is called on the
     * driver's event thread and must only hand the event on. Close the returned handle to stop.
     */
    AutoCloseable subscribe(Consumer<DomainEvent> listener);

    /**
     * Runs {@code listener} every time the driver has connected again after losing its connection
     * to the host (on a thread of the driver's; event subscriptions are registered again by then).
     * That is the moment for a full resync: events sent while the connection was down are lost.
     * Close the returned handle to stop. A driver that holds no connection never reconnects: by
     * default nothing is registered and the handle does nothing.
     *
     * <pre>{@code
     * AutoCloseable h = driver.addReconnectListener(() -> queue.add(RESYNC));
     * }</pre>
     */
    default AutoCloseable addReconnectListener(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        return () -> { };
    }

    /** Releases the connection. */
    @Override
    void close();
}
