package org.iaasengine.libvirt.libvirtjava;

import org.iaasengine.core.InvalidInputException;

import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.iaasengine.libvirt.driver.Absence;
import org.iaasengine.libvirt.driver.DeviceScope;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DomainInfo;
import org.iaasengine.libvirt.driver.DomainInterface;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainStats;
import org.iaasengine.libvirt.driver.DomainStatus;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.HostListing;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.FinishedJob;
import org.iaasengine.libvirt.driver.JobProgress;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.libvirt.driver.MigrationOptions;
import org.iaasengine.libvirt.driver.NodeInfo;
import org.iaasengine.libvirt.driver.NodeStats;
import org.iaasengine.libvirt.driver.ShutdownMode;
import org.iaasengine.libvirt.driver.StateReason;
import org.iaasengine.libvirt.libvirtjava.Errors.Call;
import org.libvirt.Domain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LibvirtDriver} over libvirt-java 0.5.4 (JNA), in process: no {@code virsh}
 * process per call, one supervised connection per driver, lifecycle events from libvirt's event
 * loop.
 *
 * <p><b>Connection.</b> A {@link ConnectionSupervisor} owns the connection: keepalive
 * ({@code virConnectSetKeepAlive}, default every 5 s, dead after 3 unanswered), detection of a
 * dead connection (close callback, or {@code virConnectIsAlive} false after a failed call),
 * reconnect with bounded exponential backoff (default 100 ms doubling to 5 s, until closed).
 * While it is down every call fails at once with a TRANSIENT {@link DriverException}. Register
 * {@link #addReconnectListener} to be told after a reconnect (event subscriptions are already
 * back by then): that is the moment for a model sync, since events sent while the daemon was
 * away are lost.
 *
 * <p><b>What bounds each call.</b> Every call runs on a worker thread and the caller waits at most
 * the call timeout (default 30 s; {@link #migrate} waits {@code options.timeout()} and then aborts
 * the job). A native call cannot be interrupted; keepalive bounds it for a silent daemon, the
 * kernel (socket closed) for a dead one. Calls into the test driver and other in-process drivers
 * never block on the network.
 *
 * <p><b>Which binding does what.</b> libvirt-java: open/close, keepalive, close callback, lookup,
 * create, define, start, shutdown (default mode), destroy, undefine, suspend, resume, reboot, info,
 * XML, node info, hostname, job info, abort job, migrate, lifecycle events, the error callback.
 * Bound through JNA ({@link VirtNative}) because libvirt-java 0.5.4 lacks them:
 * {@code virConnectGetAllDomainStats} + {@code virDomainStatsRecordListFree} (the bulk path of
 * {@link #allDomainStats} and {@link #listDomains}), {@code virDomainGetState} (state with its
 * reason), {@code virDomainShutdownFlags} (ACPI / guest-agent modes), {@code virNodeGetCPUStats}
 * and {@code virNodeGetMemoryStats}.
 *
 * <p><b>Handles and errors.</b> Every {@code Domain} handle is freed in a {@code finally}, event
 * handles included. libvirt's error callback goes to SLF4J, never stderr. Errors are classified by
 * libvirt's error number into {@link LibvirtError}, with messages naming the call, the domain and
 * the URI.
 *
 * <p><b>Threads.</b> All methods are safe to call from several threads at once (libvirt's
 * connection is thread-safe; the calls share a small worker pool). Event subscribers are called
 * on the driver's {@code iaas-libvirt-events[URI]} thread, one event at a time, in libvirt's order.
 * Every thread the driver starts is named {@code iaas-libvirt-*} and {@link #close()} stops it;
 * libvirt's event-loop thread ({@code iaas-libvirt-event-loop}, shared by the drivers of a JVM)
 * ends when the last driver closes.
 *
 * <pre>{@code
 * try (LibvirtJavaDriver driver = LibvirtJavaDriver.builder("qemu:///system")
 *         .callTimeout(Duration.ofSeconds(10)).open()) {
 *     driver.addReconnectListener(() -> modelSync.fullResync());
 *     try (AutoCloseable sub = driver.subscribe(events::offer)) {
 *         driver.create(xml, false);
 *     }
 *     List<DomainStats> all = driver.allDomainStats();
 * }
 * }</pre>
 */
public final class LibvirtJavaDriver implements LibvirtDriver {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtJavaDriver.class);

    /** {@code VIR_DOMAIN_XML_SECURE}: include passwords; see {@link LibvirtDriver#dumpXml}. */
    private static final int XML_SECURE = 1;
    private static final int XML_INACTIVE = 2;

    private final String uri;
    private final ConnectionSupervisor supervisor;
    private final DomainHandles handles;
    private final EventHub events;
    private final DomainCalls calls;
    private final LibvirtJavaMigration migration;

    LibvirtJavaDriver(LibvirtJavaDriverBuilder b, ConnectionSupervisor.Connector connector) {
        this.uri = b.uri;
        this.supervisor = new ConnectionSupervisor(uri, new ConnectionSupervisor.Settings(b.callTimeout,
                b.keepAliveInterval, b.keepAliveCount, b.reconnect, b.maxConcurrentCalls, b.scheduler), connector);
        this.handles = supervisor.handles();
        this.events = new EventHub(supervisor);
        this.calls = new DomainCalls(supervisor, handles, this::lookup);
        this.migration = new LibvirtJavaMigration(uri, supervisor, handles, b.keepAliveInterval, b.keepAliveCount,
                b.callTimeout, b.callTimeout, this::abortJob);
        try {
            supervisor.start();
        } catch (RuntimeException e) {
            events.close();
            supervisor.close();
            throw e;
        }
    }

    /** Opens a driver on {@code uri} with the default settings; fails if the host cannot be reached. */
    public static LibvirtJavaDriver open(String uri) {
        return builder(uri).open();
    }

    /** Starts configuring a driver on {@code uri}. */
    public static LibvirtJavaDriverBuilder builder(String uri) {
        return new LibvirtJavaDriverBuilder(uri);
    }

    // ---------------------------------------------------------------- supervision

    /**
     * Runs {@code listener} (on the driver's {@code iaas-libvirt-reconnected} thread) every time the
     * supervisor has reconnected after losing its connection; event subscriptions are already
     * registered again by then. Close the returned handle to stop.
     */
    @Override
    public AutoCloseable addReconnectListener(Runnable listener) {
        supervisor.addReconnectListener(listener);
        return () -> supervisor.removeReconnectListener(listener);
    }

    /** True while the driver has a live connection (false while it reconnects). */
    public boolean isConnected() {
        return supervisor.isConnected();
    }

    /** Domain handles got and not yet freed: 0 whenever no call is running. */
    long openDomainHandles() {
        return handles.open();
    }

    ConnectionSupervisor supervisor() {
        return supervisor;
    }

    int eventSubscribers() {
        return events.subscriberCount();
    }

    // ---------------------------------------------------------------- host

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String hostname() {
        return supervisor.call(Call.host("hostname"), c -> c.getHostName());
    }

    @Override
    public NodeInfo nodeInfo() {
        return supervisor.call(Call.host("nodeinfo"), c -> {
            org.libvirt.NodeInfo n = c.nodeInfo();
            return new NodeInfo(n.model, n.memory, n.cpus, n.mhz, n.nodes, n.sockets, n.cores, n.threads);
        });
    }

    @Override
    public NodeStats nodeStats() {
        return supervisor.call(Call.host("node statistics"), c -> {
            Map<String, Long> cpu = BulkCalls.nodeStats(c.pointer(), true);
            Map<String, Long> mem = BulkCalls.nodeStats(c.pointer(), false);
            return new NodeStats(cpu.getOrDefault("kernel", 0L), cpu.getOrDefault("user", 0L),
                    cpu.getOrDefault("idle", 0L), cpu.getOrDefault("iowait", 0L), mem.getOrDefault("total", 0L),
                    mem.getOrDefault("free", 0L), mem.getOrDefault("buffers", 0L), mem.getOrDefault("cached", 0L));
        });
    }

    // ---------------------------------------------------------------- listing and state

    /**
     * All domains in two bulk calls ({@code virConnectGetAllDomainStats} with the state group,
     * once for persistent and once for transient domains): no call per domain.
     */
    @Override
    public List<DomainSummary> listDomains() {
        return SyncReads.listDomains(supervisor, handles);
    }

    @Override
    public HostListing listHost() {
        return SyncReads.listHost(supervisor, handles);
    }

    @Override
    public Map<String, String> dumpXmls(java.util.Collection<String> names) {
        names.forEach(LibvirtJavaDriver::checkName);
        return SyncReads.dumpXmls(supervisor, handles, names, XML_SECURE);
    }

    @Override
    public Optional<DomainSummary> lookup(String name) {
        checkName(name);
        return Absence.emptyIfNoDomain(() -> supervisor.call(Call.of("lookup", name),
                c -> handles.withDomain(c, name, BulkCalls::summary)));
    }

    @Override
    public DomainInfo info(String name) {
        checkName(name);
        return supervisor.call(Call.of("dominfo", name), c -> handles.withDomain(c, name, d -> {
            org.libvirt.DomainInfo i = d.getInfo();
            return new DomainInfo(d.getName(), d.getUUIDString(), DomainState.ofCode(i.state.ordinal()), i.maxMem,
                    i.memory, i.nrVirtCpu, i.cpuTime, d.isPersistent() == 1);
        }));
    }

    /** State and reason through {@code virDomainGetState} (JNA): libvirt-java has no reason. */
    @Override
    public DomainStatus state(String name) {
        checkName(name);
        return supervisor.call(Call.of("domstate", name), c -> handles.withRawDomain(c.pointer(), name, dom -> {
            IntByReference state = new IntByReference();
            IntByReference reason = new IntByReference();
            if (VirtNative.LIB.virDomainGetState(dom, state, reason, 0) < 0) {
                throw NativeError.last("virDomainGetState");
            }
            DomainState s = DomainState.ofCode(state.getValue());
            return new DomainStatus(s, StateReason.of(s, reason.getValue()));
        }));
    }

    /** {@code virDomainGetXMLDesc} with {@code VIR_DOMAIN_XML_SECURE}: with secure data, see the port. */
    @Override
    public String dumpXml(String name, boolean inactive) {
        checkName(name);
        int flags = XML_SECURE | (inactive ? XML_INACTIVE : 0);
        return supervisor.call(Call.of("dumpxml", name), c -> handles.withDomain(c, name, d -> d.getXMLDesc(flags)));
    }

    @Override
    public List<DomainInterface> interfaces(String name) {
        checkName(name);
        Call call = Call.of("domiflist", name);
        String xml = supervisor.call(call, c -> handles.withDomain(c, name, d -> d.getXMLDesc(0)));
        try {
            return DomainXml.interfaces(xml);
        } catch (IOException e) {
            throw Errors.internal(call, uri, e);
        }
    }

    /**
     * One {@code virConnectGetAllDomainStats} call (state, balloon, vCPU and interface groups) for
     * every domain. With {@code NOWAIT}: a domain busy in a job (a migration) reports what it can
     * at once instead of holding the call up. On QEMU the balloon and vCPU groups cost a monitor
     * exchange per running domain; see {@link #allDomainStats(Set)} for the fast path.
     */
    @Override
    public List<DomainStats> allDomainStats() {
        return allDomainStats(EnumSet.allOf(StatsGroup.class));
    }

    /**
     * The bulk call with only the {@code groups} asked for. Fields of groups not asked for are
     * absent and their record components 0 ({@code vcpus}, {@code maxMemoryKiB},
     * {@code memoryKiB}). {@code EnumSet.of(STATE, INTERFACE)} needs no monitor exchange: the
     * InitModel path (take memory and vCPUs from the definition store).
     */
    public List<DomainStats> allDomainStats(Set<StatsGroup> groups) {
        InvalidInputException.check(groups != null && !groups.isEmpty(), "at least one stats group is needed: %s",
                groups);
        int bits = groups.stream().mapToInt(StatsGroup::bit).reduce(0, (a, b) -> a | b);
        return supervisor.call(Call.host("domstats " + groups), c -> BulkCalls.bulk(c, handles, bits, VirtNative.STATS_NOWAIT,
                (dom, f) -> {
                    DomainState s = BulkCalls.stateOf(f);
                    StateReason reason = StateReason.of(s, BulkCalls.intField(f, "state.reason"));
                    return new DomainStats(BulkCalls.nameOf(dom), s, reason,
                            BulkCalls.intField(f, "vcpu.current"), BulkCalls.longField(f, "balloon.maximum"),
                            BulkCalls.longField(f, "balloon.current"), f);
                }));
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public DomainSummary define(String xml) {
        return calls.define(xml);
    }

    @Override
    public DomainSummary create(String xml, boolean paused) {
        return calls.create(xml, paused);
    }

    @Override
    public void start(String name, boolean paused) {
        calls.start(name, paused);
    }

    /** DEFAULT through libvirt-java's {@code shutdown()}; ACPI and AGENT through {@code virDomainShutdownFlags} (JNA). */
    @Override
    public void shutdown(String name, ShutdownMode mode) {
        calls.shutdown(name, mode);
    }

    @Override
    public void destroy(String name) {
        calls.destroy(name);
    }

    @Override
    public void undefine(String name) {
        calls.undefine(name);
    }

    @Override
    public void suspend(String name) {
        calls.suspend(name);
    }

    @Override
    public void resume(String name) {
        calls.resume(name);
    }

    @Override
    public void reboot(String name) {
        calls.reboot(name);
    }

    // ---------------------------------------------------------------- devices

    /** {@code virDomainAttachDeviceFlags} with the scope's flags. */
    @Override
    public void attachDevice(String name, String deviceXml, DeviceScope scope) {
        calls.attachDevice(name, deviceXml, scope);
    }

    /** {@code virDomainDetachDeviceFlags} with the scope's flags. */
    @Override
    public void detachDevice(String name, String deviceXml, DeviceScope scope) {
        calls.detachDevice(name, deviceXml, scope);
    }

    // ---------------------------------------------------------------- migration and jobs

    /**
     * {@code virDomainMigrate} to a connection this driver opens to the destination, under the
     * {@link org.iaasengine.libvirt.driver.MigrationWatch}: aborted at its timeout, when the
     * destination goes away, or on an interrupt; see {@link LibvirtJavaMigration}.
     */
    @Override
    public void migrate(String name, String destinationUri, MigrationOptions options) {
        checkName(name);
        migration.migrate(name, destinationUri, options);
    }

    /**
     * {@code virDomainGetJobInfo}; empty when no job runs or the domain is not here or not running
     * ({@link Absence}).
     */
    @Override
    public Optional<JobProgress> jobProgress(String name) {
        return calls.jobProgress(name);
    }

    @Override
    public void abortJob(String name) {
        calls.abortJob(name);
    }

    @Override
    public void backupBegin(String name, String backupXml) {
        calls.backupBegin(name, backupXml);
    }

    @Override
    public Optional<FinishedJob> finishedJob(String name) {
        return calls.finishedJob(name);
    }

    // ---------------------------------------------------------------- events

    @Override
    public AutoCloseable subscribe(Consumer<DomainEvent> listener) {
        return events.subscribe(listener);
    }

    @Override
    public void close() {
        events.close();
        supervisor.close();
    }

    // ---------------------------------------------------------------- helpers

    static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        InvalidInputException.check(!name.isEmpty(), "domain name must not be empty");
    }

    @Override
    public String toString() {
        return "LibvirtJavaDriver[" + uri + (isConnected() ? "" : ", reconnecting") + "]";
    }
}
