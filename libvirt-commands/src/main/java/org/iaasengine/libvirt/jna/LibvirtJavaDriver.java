package org.iaasengine.libvirt.jna;

import org.iaasengine.core.InvalidInputException;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.spi.TaskScheduler;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DomainInfo;
import org.iaasengine.libvirt.driver.DomainInterface;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainStats;
import org.iaasengine.libvirt.driver.DomainStatus;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.JobProgress;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.libvirt.driver.MigrationOptions;
import org.iaasengine.libvirt.driver.NodeInfo;
import org.iaasengine.libvirt.driver.NodeStats;
import org.iaasengine.libvirt.driver.ShutdownMode;
import org.iaasengine.libvirt.jna.Errors.Call;
import org.libvirt.Domain;
import org.libvirt.DomainJobInfo;
import org.libvirt.LibvirtException;
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
 * on the driver's {@code libvirt-events} thread, one event at a time, in libvirt's order.
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

    private static final int START_PAUSED = 1;
    /** {@code VIR_DOMAIN_XML_SECURE}: include passwords; see {@link LibvirtDriver#dumpXml}. */
    private static final int XML_SECURE = 1;
    private static final int XML_INACTIVE = 2;
    private static final long MIGRATE_LIVE = 1;
    private static final long MIGRATE_PERSIST_DEST = 8;
    private static final long MIGRATE_UNDEFINE_SOURCE = 16;
    private static final long MIGRATE_UNSAFE = 512;
    private static final int JOB_NONE = 0;

    private final String uri;
    private final ConnectionSupervisor supervisor;
    private final DomainHandles handles;
    private final EventHub events;
    private final Settings settings;

    /** How a driver behaves; see {@link Builder}. */
    private record Settings(Duration callTimeout, Duration abortGrace, int keepAliveInterval, int keepAliveCount) {
    }

    private LibvirtJavaDriver(Builder b, ConnectionSupervisor.Connector connector) {
        this.uri = b.uri;
        this.settings = new Settings(b.callTimeout, b.callTimeout, b.keepAliveInterval, b.keepAliveCount);
        this.supervisor = new ConnectionSupervisor(uri, new ConnectionSupervisor.Settings(b.callTimeout,
                b.keepAliveInterval, b.keepAliveCount, b.backoff, b.maxConcurrentCalls, b.scheduler), connector);
        this.handles = supervisor.handles();
        this.events = new EventHub(supervisor);
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
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    /**
     * Settings of a {@link LibvirtJavaDriver}.
     *
     * <pre>{@code
     * LibvirtJavaDriver d = LibvirtJavaDriver.builder(uri)
     *         .callTimeout(Duration.ofSeconds(10))
     *         .keepAlive(5, 3)
     *         .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(5))
     *         .open();
     * }</pre>
     */
    public static final class Builder {
        private final String uri;
        private Duration callTimeout = Duration.ofSeconds(30);
        private int keepAliveInterval = 5;
        private int keepAliveCount = 3;
        private Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        private int maxConcurrentCalls = 8;
        private TaskScheduler scheduler;

        private Builder(String uri) {
            Objects.requireNonNull(uri, "uri");
            InvalidInputException.check(!uri.isBlank(), "uri must not be blank");
            this.uri = uri;
        }

        /** The longest a caller waits for one call (default 30 s). */
        public Builder callTimeout(Duration timeout) {
            InvalidInputException.check(timeout != null && !timeout.isNegative() && !timeout.isZero(),
                    "call timeout must be positive: %s", timeout);
            this.callTimeout = timeout;
            return this;
        }

        /**
         * Keepalive: a probe after {@code intervalSeconds} of silence, the connection declared dead
         * after {@code count} unanswered probes (default 5 s, 3).
         */
        public Builder keepAlive(int intervalSeconds, int count) {
            InvalidInputException.check(intervalSeconds > 0, "keepalive interval must be positive: %s",
                    intervalSeconds);
            InvalidInputException.check(count >= 0, "keepalive count must not be negative: %s", count);
            this.keepAliveInterval = intervalSeconds;
            this.keepAliveCount = count;
            return this;
        }

        /** Waits between reconnect attempts (default 100 ms doubling to 5 s). */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            this.backoff = new Backoff(initial, max);
            return this;
        }

        /** Worker threads for calls (default 8); calls beyond them queue. */
        public Builder maxConcurrentCalls(int n) {
            InvalidInputException.check(n > 0, "max concurrent calls must be positive: %s", n);
            this.maxConcurrentCalls = n;
            return this;
        }

        /** Where reconnect waits are scheduled (default: a timer thread of the driver's own). */
        public Builder scheduler(TaskScheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Opens the driver: connects now, and fails (classified) if the host cannot be reached. */
        public LibvirtJavaDriver open() {
            return new LibvirtJavaDriver(this, SupervisedConnect::new);
        }

        /** Opens with another connector: for tests of the supervision. */
        LibvirtJavaDriver open(ConnectionSupervisor.Connector connector) {
            return new LibvirtJavaDriver(this, connector);
        }
    }

    // ---------------------------------------------------------------- supervision

    /**
     * Runs {@code listener} (on a thread of the driver's) every time the driver has reconnected
     * after losing its connection; event subscriptions are already registered again by then.
     * Close the returned handle to stop.
     */
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
            Map<String, Long> cpu = nodeStats(c.pointer(), true);
            Map<String, Long> mem = nodeStats(c.pointer(), false);
            return new NodeStats(cpu.getOrDefault("kernel", 0L), cpu.getOrDefault("user", 0L),
                    cpu.getOrDefault("idle", 0L), cpu.getOrDefault("iowait", 0L), mem.getOrDefault("total", 0L),
                    mem.getOrDefault("free", 0L), mem.getOrDefault("buffers", 0L), mem.getOrDefault("cached", 0L));
        });
    }

    private static Map<String, Long> nodeStats(Pointer conn, boolean cpu) throws NativeError {
        String fn = cpu ? "virNodeGetCPUStats" : "virNodeGetMemoryStats";
        IntByReference n = new IntByReference(0);
        if (nodeStatsCall(conn, cpu, null, n) < 0) {
            throw NativeError.last(fn);
        }
        int count = n.getValue();
        if (count <= 0) {
            return Map.of();
        }
        Memory params = new Memory((long) count * TypedParameters.NODE_STATS_SIZE);
        params.clear();
        if (nodeStatsCall(conn, cpu, params, n) < 0) {
            throw NativeError.last(fn);
        }
        return TypedParameters.readNodeStats(params, Math.min(count, n.getValue()));
    }

    private static int nodeStatsCall(Pointer conn, boolean cpu, Pointer params, IntByReference n) {
        return cpu ? VirtNative.LIB.virNodeGetCPUStats(conn, VirtNative.ALL, params, n, 0)
                : VirtNative.LIB.virNodeGetMemoryStats(conn, VirtNative.ALL, params, n, 0);
    }

    // ---------------------------------------------------------------- listing and state

    /**
     * All domains in two bulk calls ({@code virConnectGetAllDomainStats} with the state group,
     * once for persistent and once for transient domains): no call per domain.
     */
    @Override
    public List<DomainSummary> listDomains() {
        return supervisor.call(Call.host("list domains"), c -> {
            List<DomainSummary> out = new ArrayList<>();
            out.addAll(bulk(c, VirtNative.STATS_STATE, VirtNative.STATS_FILTER_PERSISTENT,
                    (dom, f) -> new DomainSummary(nameOf(dom), uuidOf(dom), VirtNative.LIB.virDomainGetID(dom),
                            stateOf(f), true)));
            out.addAll(bulk(c, VirtNative.STATS_STATE, VirtNative.STATS_FILTER_TRANSIENT,
                    (dom, f) -> new DomainSummary(nameOf(dom), uuidOf(dom), VirtNative.LIB.virDomainGetID(dom),
                            stateOf(f), false)));
            return out;
        });
    }

    @Override
    public Optional<DomainSummary> lookup(String name) {
        checkName(name);
        try {
            return Optional.of(supervisor.call(Call.of("lookup", name),
                    c -> handles.withDomain(c, name, LibvirtJavaDriver::summary)));
        } catch (DriverException e) {
            if (e.error() == LibvirtError.NO_DOMAIN) {
                return Optional.empty();
            }
            throw e;
        }
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
            return new DomainStatus(s, VirshWords.reason(s, reason.getValue()));
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
        return supervisor.call(Call.host("domstats " + groups), c -> bulk(c, bits, VirtNative.STATS_NOWAIT,
                (dom, f) -> {
                    DomainState s = stateOf(f);
                    return new DomainStats(nameOf(dom), s, VirshWords.reason(s, intField(f, "state.reason")),
                            intField(f, "vcpu.current"), longField(f, "balloon.maximum"),
                            longField(f, "balloon.current"), f);
                }));
    }

    /** Reads one record of the bulk call. */
    @FunctionalInterface
    private interface RecordReader<T> {
        T read(Pointer domain, Map<String, String> fields);
    }

    private <T> List<T> bulk(SupervisedConnect c, int stats, int flags, RecordReader<T> reader) throws NativeError {
        PointerByReference ret = new PointerByReference();
        int n = VirtNative.LIB.virConnectGetAllDomainStats(c.pointer(), stats, ret, flags);
        if (n < 0) {
            throw NativeError.last("virConnectGetAllDomainStats");
        }
        Pointer records = ret.getValue();
        handles.adopted(n);
        try {
            List<T> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Pointer rec = records.getPointer((long) i * Native.POINTER_SIZE);
                Pointer dom = rec.getPointer(0);
                Pointer params = rec.getPointer(Native.POINTER_SIZE);
                int nparams = rec.getInt(2L * Native.POINTER_SIZE);
                out.add(reader.read(dom, TypedParameters.read(params, nparams)));
            }
            return out;
        } finally {
            if (records != null) {
                VirtNative.LIB.virDomainStatsRecordListFree(records);
            }
            handles.released(n);
        }
    }

    private static String nameOf(Pointer dom) {
        return VirtNative.LIB.virDomainGetName(dom);
    }

    private static String uuidOf(Pointer dom) {
        byte[] buf = new byte[VirtNative.UUID_STRING_BUFLEN];
        if (VirtNative.LIB.virDomainGetUUIDString(dom, buf) < 0) {
            return "";
        }
        return Native.toString(buf, StandardCharsets.US_ASCII.name());
    }

    private static DomainState stateOf(Map<String, String> fields) {
        return DomainState.ofCode(intField(fields, "state.state"));
    }

    private static int intField(Map<String, String> fields, String key) {
        String v = fields.get(key);
        return v == null ? 0 : (int) Long.parseLong(v);
    }

    private static long longField(Map<String, String> fields, String key) {
        String v = fields.get(key);
        return v == null ? 0 : Long.parseUnsignedLong(v);
    }

    private static DomainSummary summary(Domain d) throws LibvirtException {
        return new DomainSummary(d.getName(), d.getUUIDString(), d.getID(),
                DomainState.ofCode(d.getInfo().state.ordinal()), d.isPersistent() == 1);
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public DomainSummary define(String xml) {
        Objects.requireNonNull(xml, "xml");
        String name = DomainXml.name(xml).orElse("?");
        try {
            return supervisor.call(Call.of("define", name),
                    c -> handles.withHandle(c.domainDefineXML(xml), LibvirtJavaDriver::summary));
        } catch (DriverException e) {
            throw nameClash(e, name);
        }
    }

    @Override
    public DomainSummary create(String xml, boolean paused) {
        Objects.requireNonNull(xml, "xml");
        String name = DomainXml.name(xml).orElse("?");
        try {
            return supervisor.call(Call.of("create", name),
                    c -> handles.withHandle(c.domainCreateXML(xml, paused ? START_PAUSED : 0),
                            LibvirtJavaDriver::summary));
        } catch (DriverException e) {
            throw nameClash(e, name);
        }
    }

    /**
     * libvirt reports "domain 'x' already exists with uuid ..." (another UUID, same name) as
     * OPERATION_FAILED, the number it also uses for failures of every other kind. When that number
     * comes back and a domain of that name does exist, the failure is reported as DOM_EXIST
     * (CONFLICT): decided by the number plus a lookup, never by the message.
     */
    private DriverException nameClash(DriverException e, String name) {
        if (e.error() != LibvirtError.OPERATION_FAILED || "?".equals(name)) {
            return e;
        }
        try {
            Optional<DomainSummary> existing = lookup(name);
            if (existing.isPresent()) {
                return new DriverException(LibvirtError.DOM_EXIST, e.getMessage() + "; a domain named '" + name
                        + "' already exists (uuid " + existing.get().uuid() + ")", e);
            }
        } catch (DriverException lookupFailure) {
            e.addSuppressed(lookupFailure);
        }
        return e;
    }

    @Override
    public void start(String name, boolean paused) {
        run(Call.of("start", name), d -> d.create(paused ? START_PAUSED : 0));
    }

    /** DEFAULT through libvirt-java's {@code shutdown()}; ACPI and AGENT through {@code virDomainShutdownFlags} (JNA). */
    @Override
    public void shutdown(String name, ShutdownMode mode) {
        Objects.requireNonNull(mode, "mode");
        checkName(name);
        Call call = Call.of("shutdown", name);
        if (mode == ShutdownMode.DEFAULT) {
            run(call, Domain::shutdown);
            return;
        }
        int flags = mode == ShutdownMode.ACPI ? VirtNative.SHUTDOWN_ACPI : VirtNative.SHUTDOWN_AGENT;
        supervisor.call(call, c -> handles.withRawDomain(c.pointer(), name, dom -> {
            if (VirtNative.LIB.virDomainShutdownFlags(dom, flags) < 0) {
                throw NativeError.last("virDomainShutdownFlags");
            }
            return null;
        }));
    }

    @Override
    public void destroy(String name) {
        run(Call.of("destroy", name), Domain::destroy);
    }

    @Override
    public void undefine(String name) {
        run(Call.of("undefine", name), Domain::undefine);
    }

    @Override
    public void suspend(String name) {
        run(Call.of("suspend", name), Domain::suspend);
    }

    @Override
    public void resume(String name) {
        run(Call.of("resume", name), Domain::resume);
    }

    @Override
    public void reboot(String name) {
        run(Call.of("reboot", name), d -> d.reboot(0));
    }

    /** Work on a domain that returns nothing. */
    @FunctionalInterface
    private interface DomainAction {
        void apply(Domain d) throws LibvirtException;
    }

    private void run(Call call, DomainAction action) {
        checkName(call.domain());
        supervisor.call(call, c -> handles.withDomain(c, call.domain(), d -> {
            action.apply(d);
            return null;
        }));
    }

    // ---------------------------------------------------------------- migration and jobs

    /**
     * {@code virDomainMigrate} (libvirt-java {@code Domain.migrate}) to a connection this driver
     * opens to the destination for the migration (with the driver's keepalive), with
     * {@code VIR_MIGRATE_LIVE}, {@code PERSIST_DEST}, {@code UNDEFINE_SOURCE}, {@code UNSAFE} as
     * the options ask and the bandwidth cap. The call runs on a job thread, watched every
     * {@link #MIGRATION_WATCH}: the job is aborted ({@code virDomainAbortJob}, the VM keeps running
     * here) when {@code options.timeout()} passes (TIMEOUT), when the destination's daemon goes
     * away (TRANSIENT: in a managed migration the source's QEMU would otherwise go on sending the
     * whole memory to a destination that can no longer finish it), or when the caller is
     * interrupted (CANCELLED). A migration that finishes while it is being aborted is a success.
     */
    @Override
    public void migrate(String name, String destinationUri, MigrationOptions options) {
        checkName(name);
        Objects.requireNonNull(destinationUri, "destinationUri");
        Objects.requireNonNull(options, "options");
        Call call = Call.of("migrate to " + destinationUri, name);
        long flags = (options.live() ? MIGRATE_LIVE : 0) | (options.persistent() ? MIGRATE_PERSIST_DEST : 0)
                | (options.undefineSource() ? MIGRATE_UNDEFINE_SOURCE : 0) | (options.unsafe() ? MIGRATE_UNSAFE : 0);
        AtomicReference<SupervisedConnect> destination = new AtomicReference<>();
        Future<Void> job = supervisor.submitJob(call, c -> handles.withDomain(c, name, d -> {
            SupervisedConnect dest = new SupervisedConnect(destinationUri);
            try {
                dest.setKeepAlive(settings.keepAliveInterval(), settings.keepAliveCount());
                destination.set(dest);
                Domain moved = d.migrate(dest, flags, null, null, options.bandwidthMiBs());
                handles.adopted(1);
                handles.free(moved);
            } finally {
                destination.set(null);
                closeQuietly(dest, destinationUri);
            }
            return null;
        }));
        long deadline = System.nanoTime() + options.timeout().toNanos();
        DriverException stop;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    stop = Errors.timedOut(call, uri, options.timeout(), null);
                    LOG.warn("migration of '{}' from {} to {} exceeded {}; aborting it", name, uri, destinationUri,
                            options.timeout());
                    break;
                }
                if (ended(job, Math.min(left, MIGRATION_WATCH.toNanos()))) {
                    supervisor.await(job, call, settings.callTimeout());
                    return;
                }
                SupervisedConnect dest = destination.get();
                if (dest != null && !alive(dest)) {
                    stop = new DriverException(LibvirtError.RPC, FailureCategory.TRANSIENT, call.describe(uri)
                            + " failed: the destination " + destinationUri + " went away during the migration;"
                            + " the migration was aborted and the domain stays on " + uri, null);
                    LOG.warn("destination {} went away during the migration of '{}' from {}; aborting it",
                            destinationUri, name, uri);
                    break;
                }
            }
        } catch (InterruptedException e) {
            stop = Errors.interrupted(call, uri, e);
            LOG.warn("migration of '{}' from {} to {} interrupted; aborting it", name, uri, destinationUri);
        }
        boolean interrupted = Thread.interrupted(); // the abort below must not be cut short; restored after
        try {
            abortAfter(name, destinationUri, job, call, stop);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How often a running migration is checked for its deadline and its destination. */
    static final Duration MIGRATION_WATCH = Duration.ofMillis(200);

    private static boolean ended(Future<?> job, long nanos) throws InterruptedException {
        try {
            job.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        } catch (ExecutionException failed) {
            return true;
        }
    }

    private static boolean alive(SupervisedConnect c) {
        try {
            return c.isAlive();
        } catch (LibvirtException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Aborts the migration job and waits for it to end; throws {@code why}, unless the migration
     * finished before the abort reached it (the VM runs on the destination: a failure would be a lie).
     */
    private void abortAfter(String name, String destinationUri, Future<Void> job, Call call, DriverException why) {
        try {
            abortJob(name);
        } catch (DriverException abortFailure) {
            why.addSuppressed(abortFailure);
        }
        try {
            supervisor.await(job, call, settings.abortGrace());
            LOG.info("migration of '{}' to {} finished while it was being aborted", name, destinationUri);
            return;
        } catch (DriverException afterAbort) {
            LOG.debug("migration of '{}' ended after the abort: {}", name, afterAbort.getMessage());
        }
        throw why;
    }

    private static void closeQuietly(SupervisedConnect c, String uri) {
        try {
            c.close();
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("closing the migration connection to {} failed: {}", uri, e.getMessage());
        }
    }

    /** {@code virDomainGetJobInfo}; empty when no job runs or the domain is not (or no longer) here. */
    @Override
    public Optional<JobProgress> jobProgress(String name) {
        checkName(name);
        try {
            return supervisor.call(Call.of("domjobinfo", name), c -> handles.withDomain(c, name, d -> {
                DomainJobInfo j = d.getJobInfo();
                if (j.getType() == JOB_NONE) {
                    return Optional.<JobProgress>empty();
                }
                return Optional.of(new JobProgress(j.getTimeElapsed(), j.getDataTotal(), j.getDataProcessed(),
                        j.getDataRemaining()));
            }));
        } catch (DriverException e) {
            if (e.error() == LibvirtError.NO_DOMAIN) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void abortJob(String name) {
        run(Call.of("domjobabort", name), Domain::abortJob);
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

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        InvalidInputException.check(!name.isEmpty(), "domain name must not be empty");
    }

    @Override
    public String toString() {
        return "LibvirtJavaDriver[" + uri + (isConnected() ? "" : ", reconnecting") + "]";
    }
}
