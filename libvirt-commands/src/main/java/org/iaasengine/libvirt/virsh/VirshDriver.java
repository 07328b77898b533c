package org.iaasengine.libvirt.virsh;

import com.google.common.base.Preconditions;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.spi.TaskScheduler;
import org.iaasengine.libvirt.driver.Absence;
import org.iaasengine.libvirt.driver.DeviceScope;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DomainInfo;
import org.iaasengine.libvirt.driver.DomainInterface;
import org.iaasengine.libvirt.driver.DomainStats;
import org.iaasengine.libvirt.driver.DomainStatus;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.FinishedJob;
import org.iaasengine.libvirt.driver.JobProgress;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.libvirt.driver.MigrationOptions;
import org.iaasengine.libvirt.driver.NodeInfo;
import org.iaasengine.libvirt.driver.NodeStats;
import org.iaasengine.libvirt.driver.ShutdownMode;
import org.iaasengine.core.exec.Execution;
import org.iaasengine.core.exec.ProcessRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LibvirtDriver} that runs the {@code virsh} program, one process per call, through
 * the library's {@link ProcessRunner} (built on Apache Commons Exec).
 *
 * <pre>{@code
 * LibvirtDriver host = VirshDriver.builder("qemu:///system")
 *         .timeout(Duration.ofSeconds(20))     // watchdog of every virsh process
 *         .build();
 * DomainSummary vm = host.create(domainXml, false);
 * host.suspend(vm.name());
 * try (AutoCloseable events = host.subscribe(e -> queue.add(e))) { ... }
 * }</pre>
 *
 * <p>How it runs virsh: {@code virsh -c URI ...} with each argument passed as one process
 * argument, untouched (no shell, no quoting); {@code LC_ALL=C}; a watchdog kills every process
 * after the driver's timeout ({@link MigrationOptions#timeout()} for {@link #migrate}); an
 * interrupt of the calling thread kills the process at once and fails with CANCELLED; stdout and
 * stderr are captured up to a bound. A non-zero exit is classified by virsh's {@code error:} lines
 * into a {@link LibvirtError} and its category; messages name the call, the domain and the URI.
 * Domain XML goes to virsh on its standard input ({@code virsh create /dev/stdin}): no temporary
 * file. Domain names go as {@code --domain NAME}; a name virsh would take for an id or UUID, or one
 * the JVM cannot encode as a process argument, is first resolved to its UUID by exact name.
 *
 * <p>Processes per call: one for every call, except {@link #create} and {@link #define} (the
 * command, then {@code dominfo} for the UUID and id), {@link #nodeStats} and {@link #listDomains}
 * which are one process running several virsh commands ({@code nodecpustats; nodememstats} and
 * {@code list --all --uuid --id --name; list --all --persistent --uuid; domstats --state}: names,
 * ids, persistence and states, with names read verbatim), and a name that must be resolved to its
 * UUID first (plus one). {@link #lookup} and {@link #info} are one {@code dominfo} each.
 *
 * <p>{@link #subscribe} runs {@code virsh event --event lifecycle --loop --timestamp}: virsh does
 * not print UUIDs there, so {@link DomainEvent#uuid()} is "" from this driver. The driver holds no
 * connection; it holds threads while it runs processes (named {@code iaas-virsh[URI]-*}: output
 * pumps, idle ones end after a minute, and a timer for the watchdogs): {@link #close} ends its
 * subscriptions, kills its processes and stops those threads. It is safe for concurrent use.
 */
public final class VirshDriver implements LibvirtDriver {
    private static final Logger LOG = LoggerFactory.getLogger(VirshDriver.class);
    /** The watchdog timeout of a virsh process unless the builder sets another. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The most stdout a call keeps unless the builder sets another. */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

    private final VirshRunner runner;
    private final String uri;
    private final Duration timeout;
    private final Charset argumentCharset;
    private final Set<VirshEventStream> subscriptions;

    VirshDriver(VirshRunner runner, Duration timeout, Charset argumentCharset,
            Set<VirshEventStream> subscriptions) {
        this.runner = runner;
        this.uri = runner.uri();
        this.timeout = timeout;
        this.argumentCharset = argumentCharset;
        this.subscriptions = subscriptions;
    }

    /** A driver for {@code uri} with the defaults: {@code virsh} from the PATH, 30 s per call. */
    public static VirshDriver open(String uri) {
        return builder(uri).build();
    }

    /** A builder for a driver on {@code uri}. */
    public static VirshDriverBuilder builder(String uri) {
        return new VirshDriverBuilder(uri);
    }

    /** The same driver (same subscriptions) with another per-call timeout. */
    public VirshDriver withTimeout(Duration callTimeout) {
        checkTimeout(callTimeout);
        return new VirshDriver(runner, callTimeout, argumentCharset, subscriptions);
    }

    /** The watchdog timeout of each virsh process this driver runs. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public String uri() {
        return uri;
    }

    // ------------------------------------------------------------------ host

    @Override
    public String hostname() {
        return call(VirshCall.of("hostname", null, "hostname")).strip();
    }

    @Override
    public NodeInfo nodeInfo() {
        VirshCall c = VirshCall.of("nodeinfo", null, "nodeinfo");
        return parse(c, call(c), VirshParsers::parseNodeInfo);
    }

    @Override
    public NodeStats nodeStats() {
        VirshCall c = VirshCall.of("nodeStats", null, VirshParsers.NODE_STATS);
        return parse(c, call(c), VirshParsers::parseNodeStats);
    }

    // ------------------------------------------------------------------ queries

    @Override
    public List<DomainSummary> listDomains() {
        VirshCall c = VirshCall.of("listDomains", null, VirshParsers.LISTING);
        return parse(c, call(c), VirshParsers::parseListing);
    }

    @Override
    public Optional<DomainSummary> lookup(String name) {
        checkName(name);
        return Absence.emptyIfNoDomain(() -> {
            VirshCall c = VirshCall.of("lookup", name, "dominfo", "--domain", target("lookup", name));
            return parse(c, call(c), DomInfoParser::parseSummary);
        });
    }

    @Override
    public DomainInfo info(String name) {
        VirshCall c = domainCall("info", name, "dominfo");
        return parse(c, call(c), DomInfoParser::parseDomInfo);
    }

    @Override
    public DomainStatus state(String name) {
        VirshCall c = domainCall("state", name, "domstate", "--reason");
        return parse(c, call(c), VirshParsers::parseDomState);
    }

    /** {@code virsh dumpxml --security-info [--inactive]}: with secure data, see the port. */
    @Override
    public String dumpXml(String name, boolean inactive) {
        return inactive ? call(domainCall("dumpXml", name, "dumpxml", "--security-info", "--inactive"))
                : call(domainCall("dumpXml", name, "dumpxml", "--security-info"));
    }

    @Override
    public List<DomainInterface> interfaces(String name) {
        VirshCall c = domainCall("interfaces", name, "domiflist");
        return parse(c, call(c), VirshParsers::parseDomIfList);
    }

    @Override
    public List<DomainStats> allDomainStats() {
        VirshCall c = VirshCall.of("allDomainStats", null, "domstats", "--nowait", "--state", "--vcpu", "--balloon",
                "--interface");
        return parse(c, call(c), VirshParsers::parseDomStats);
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public DomainSummary define(String xml) {
        return fromXml("define", "defined", xml, "define", "/dev/stdin");
    }

    @Override
    public DomainSummary create(String xml, boolean paused) {
        return paused ? fromXml("create", "created", xml, "create", "/dev/stdin", "--paused")
                : fromXml("create", "created", xml, "create", "/dev/stdin");
    }

    private DomainSummary fromXml(String operation, String verb, String xml, String... args) {
        Objects.requireNonNull(xml, "xml");
        VirshCall c = VirshCall.withInput(operation, xml, args);
        String name = parse(c, call(c), out -> VirshParsers.parseConfirmedName(out, verb));
        return lookup(name).orElseThrow(() -> new DriverException(LibvirtError.NO_DOMAIN,
                c.describe(uri) + ": domain '" + name + "' was gone right after it was " + verb, null));
    }

    @Override
    public void start(String name, boolean paused) {
        call(paused ? domainCall("start", name, "start", "--paused") : domainCall("start", name, "start"));
    }

    @Override
    public void shutdown(String name, ShutdownMode mode) {
        Objects.requireNonNull(mode, "mode");
        switch (mode) {
            case DEFAULT -> call(domainCall("shutdown", name, "shutdown"));
            case ACPI -> call(domainCall("shutdown", name, "shutdown", "--mode", "acpi"));
            case AGENT -> call(domainCall("shutdown", name, "shutdown", "--mode", "agent"));
            default -> throw new IllegalArgumentException("unknown shutdown mode " + mode);
        }
    }

    @Override
    public void destroy(String name) {
        call(domainCall("destroy", name, "destroy"));
    }

    @Override
    public void undefine(String name) {
        call(domainCall("undefine", name, "undefine"));
    }

    @Override
    public void suspend(String name) {
        call(domainCall("suspend", name, "suspend"));
    }

    @Override
    public void resume(String name) {
        call(domainCall("resume", name, "resume"));
    }

    @Override
    public void reboot(String name) {
        call(domainCall("reboot", name, "reboot"));
    }

    // ------------------------------------------------------------------ devices

    /** {@code virsh attach-device --domain NAME --file /dev/stdin [--live] [--config]}, the XML on stdin. */
    @Override
    public void attachDevice(String name, String deviceXml, DeviceScope scope) {
        call(deviceCall("attachDevice", "attach-device", name, deviceXml, scope));
    }

    /** {@code virsh detach-device --domain NAME --file /dev/stdin [--live] [--config]}, the XML on stdin. */
    @Override
    public void detachDevice(String name, String deviceXml, DeviceScope scope) {
        call(deviceCall("detachDevice", "detach-device", name, deviceXml, scope));
    }

    private VirshCall deviceCall(String operation, String command, String name, String deviceXml, DeviceScope scope) {
        checkName(name);
        Objects.requireNonNull(deviceXml, "deviceXml");
        Objects.requireNonNull(scope, "scope");
        List<String> args = new ArrayList<>(List.of(command, "--domain", target(operation, name), "--file",
                "/dev/stdin"));
        if (scope.live()) {
            args.add("--live");
        }
        if (scope.config()) {
            args.add("--config");
        }
        return new VirshCall(operation, name, args, deviceXml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ migration

    /**
     * {@inheritDoc}
     *
     * <p>Runs {@code virsh migrate}, aborting the job ({@code domjobabort}) at the timeout or on an
     * interrupt: see {@link VirshMigration}.
     */
    @Override
    public void migrate(String name, String destinationUri, MigrationOptions options) {
        checkName(name);
        Objects.requireNonNull(destinationUri, "destinationUri");
        Objects.requireNonNull(options, "options");
        new VirshMigration(runner, timeout, this).migrate(name, target("migrate", name), destinationUri, options);
    }

    /** {@inheritDoc} Empty too when the domain is gone or inactive (no job can run): see {@link Absence}. */
    @Override
    public Optional<JobProgress> jobProgress(String name) {
        return Absence.emptyIfNoJob(() -> {
            VirshCall c = domainCall("jobProgress", name, "domjobinfo", "--rawstats");
            return parse(c, call(c), VirshParsers::parseJobInfo);
        });
    }

    @Override
    public void abortJob(String name) {
        call(domainCall("abortJob", name, "domjobabort"));
    }

    /** {@code virsh backup-begin --domain NAME --backupxml /dev/stdin}, the XML on stdin. */
    @Override
    public void backupBegin(String name, String backupXml) {
        checkName(name);
        Objects.requireNonNull(backupXml, "backupXml");
        call(new VirshCall("backupBegin", name, List.of("backup-begin", "--domain", target("backupBegin", name),
                "--backupxml", "/dev/stdin"), backupXml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** {@code virsh domjobinfo --completed --rawstats}. */
    @Override
    public Optional<FinishedJob> finishedJob(String name) {
        return Absence.emptyIfNoJob(() -> {
            VirshCall c = domainCall("finishedJob", name, "domjobinfo", "--completed", "--rawstats");
            return parse(c, call(c), VirshParsers::parseFinishedJob);
        });
    }

    // ------------------------------------------------------------------ events

    @Override
    public AutoCloseable subscribe(Consumer<DomainEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        VirshEventStream s = VirshEventStream.open(runner, listener, timeout);
        subscriptions.add(s);
        return () -> {
            subscriptions.remove(s);
            s.close();
        };
    }

    /**
     * Ends this driver's subscriptions, kills its virsh processes still running and stops its
     * threads (those of {@link #withTimeout} copies too: they share them). Calls after it fail
     * (INVALID_INPUT, {@link LibvirtError#INVALID_CONN}).
     */
    @Override
    public void close() {
        for (VirshEventStream s : List.copyOf(subscriptions)) {
            s.close();
            subscriptions.remove(s);
        }
        runner.close();
    }

    // ------------------------------------------------------------------ plumbing

    private VirshCall domainCall(String operation, String name, String... commandAndFlags) {
        checkName(name);
        List<String> args = new ArrayList<>(List.of(commandAndFlags));
        args.add("--domain");
        args.add(target(operation, name));
        return new VirshCall(operation, name, args, null);
    }

    /** The {@code --domain} argument for {@code name}: itself, or its UUID (see VirshNames). */
    private String target(String operation, String name) {
        if (VirshNames.passesAsIs(name, argumentCharset)) {
            return name;
        }
        VirshCall c = VirshCall.of(operation, name, "list", "--all", "--uuid", "--name");
        String out = call(c);
        LOG.debug("domain name '{}' resolved to its UUID before {}", name, operation);
        return VirshParsers.uuidOfName(out, name).orElseThrow(() -> new DriverException(LibvirtError.NO_DOMAIN,
                c.describe(uri) + " failed: Domain not found: no domain with matching name '" + name + "'", null));
    }

    /** Runs the call; its stdout when virsh exits 0, else the classified failure. */
    private String call(VirshCall c) {
        VirshResult r = runner.run(c, timeout);
        if (r.exitCode() != 0) {
            throw failure(c, r);
        }
        return r.stdout();
    }

    DriverException failure(VirshCall c, VirshResult r) {
        VirshErrors.Classification cls = VirshErrors.classify(r.stderr());
        return new DriverException(cls.error(), cls.category(),
                c.describe(uri) + " failed (exit " + r.exitCode() + "): " + cls.text(), null);
    }

    private <T> T parse(VirshCall c, String stdout, Function<String, T> parser) {
        try {
            return parser.apply(stdout);
        } catch (RuntimeException e) {
            throw new DriverException(LibvirtError.UNKNOWN, FailureCategory.INTERNAL,
                    c.describe(uri) + ": unexpected virsh output: " + e.getMessage(), e);
        }
    }

    private static void checkName(String name) {
        Preconditions.checkArgument(name != null && !name.isEmpty(), "domain name must not be empty: '%s'", name);
    }

    static void checkTimeout(Duration t) {
        Objects.requireNonNull(t, "timeout");
        Preconditions.checkArgument(!t.isNegative() && !t.isZero(), "timeout must be positive: %s", t);
    }
}
