package org.iaasengine.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.iaasengine.core.FailureCategory;
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

/**
 * A {@link LibvirtDriver} decorator that counts every call (all methods but {@link #uri()},
 * {@link #subscribe} and {@link #close()}) and makes the N-th one misbehave. Calls are counted over
 * the whole run of an action, reverts and failure hooks included, so enumerating N from 1 to the
 * number of calls a clean run makes hits every command boundary and every revert.
 *
 * <pre>{@code
 * FaultInjectingDriver d = new FaultInjectingDriver(real);
 * d.arm(3, Fault.fail(FailureCategory.TRANSIENT));   // the 3rd call fails, the others pass through
 * }</pre>
 */
final class FaultInjectingDriver implements LibvirtDriver {

    /** What the armed call does. */
    enum Mode {
        /** Throws a DriverException of the fault's category; the real call is not made. */
        FAIL,
        /** Makes the real call, then throws (the reply was lost: the effect happened). */
        FAIL_AFTER_CALL,
        /** Waits a short delay, then throws TIMEOUT; the real call is not made. */
        TIMEOUT,
        /** Blocks until interrupted (a hung daemon), then throws CANCELLED. */
        HANG,
        /** Runs the fault's hook (kill the daemon, say), then makes the real call, whatever it gives. */
        BEFORE
    }

    /** One fault: a mode and, for the failing modes, the category thrown. */
    record Fault(Mode mode, FailureCategory category, String label, Runnable hook) {
        Fault(Mode mode, FailureCategory category) {
            this(mode, category, null, null);
        }

        /** Runs {@code hook} (named {@code label} in reports) just before the real call. */
        static Fault before(String label, Runnable hook) {
            return new Fault(Mode.BEFORE, null, label, hook);
        }

        static Fault fail(FailureCategory c) {
            return new Fault(Mode.FAIL, c);
        }

        static Fault failAfterCall(FailureCategory c) {
            return new Fault(Mode.FAIL_AFTER_CALL, c);
        }

        static Fault timeout() {
            return new Fault(Mode.TIMEOUT, FailureCategory.TIMEOUT);
        }

        static Fault hang() {
            return new Fault(Mode.HANG, FailureCategory.CANCELLED);
        }

        @Override
        public String toString() {
            if (mode == Mode.BEFORE) {
                return label;
            }
            return mode == Mode.FAIL || mode == Mode.FAIL_AFTER_CALL ? mode + "(" + category + ")" : mode.toString();
        }
    }

    private static final Duration TIMEOUT_DELAY = Duration.ofMillis(50);

    private final LibvirtDriver delegate;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> log = new CopyOnWriteArrayList<>();
    /** Call number (1-based) to the fault it gets; replaced whole by {@link #arm} and {@link #disarm}. */
    private volatile Map<Integer, Fault> armed = Map.of();
    private final List<String> fired = new CopyOnWriteArrayList<>();
    private volatile Supplier<String> phase = () -> "";

    FaultInjectingDriver(LibvirtDriver delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** Resets the counter and makes call {@code n} (1-based) misbehave as {@code f}. */
    void arm(int n, Fault f) {
        arm(Map.of(n, f));
    }

    /**
     * Resets the counter and arms several calls at once: a first fault on the forward path and a
     * second on a call the run makes after it (a revert, the failure hook), say.
     */
    void arm(Map<Integer, Fault> faults) {
        calls.set(0);
        log.clear();
        fired.clear();
        armed = Map.copyOf(faults);
    }

    /** Resets the counter and injects nothing: every call passes through (a counting run). */
    void disarm() {
        armed = Map.of();
        fired.clear();
        calls.set(0);
        log.clear();
    }

    /** The calls made since the last {@link #arm} or {@link #disarm}. */
    int calls() {
        return calls.get();
    }

    /** The method names of the calls made, in order. */
    List<String> callLog() {
        return List.copyOf(log);
    }

    /**
     * Where the run is when a call is made (forward, revert, hook), recorded with each fired fault
     * as "n:method@phase".
     */
    void phase(Supplier<String> p) {
        phase = Objects.requireNonNull(p, "phase");
    }

    /** The first call a fault fired on ("n:method"), or null when none fired. */
    String firedOn() {
        return fired.isEmpty() ? null : fired.get(0);
    }

    /** Every call a fault fired on ("n:method"), in order. */
    List<String> fired() {
        return List.copyOf(fired);
    }

    LibvirtDriver delegate() {
        return delegate;
    }

    /** One call as an observer sees it: the method, the domain it named (or null), when it ran. */
    record Call(String method, String domain, long startNanos, long endNanos) {
    }

    private volatile Consumer<Call> observer;

    /**
     * Hands every call made from now on, once it returned or threw, to {@code o} on the calling
     * thread (null: none).
     */
    void observe(Consumer<Call> o) {
        observer = o;
    }

    private <T> T call(String method, Supplier<T> real) {
        return call(method, null, real);
    }

    private <T> T call(String method, String domain, Supplier<T> real) {
        Consumer<Call> o = observer;
        if (o == null) {
            return counted(method, real);
        }
        long start = System.nanoTime();
        try {
            return counted(method, real);
        } finally {
            o.accept(new Call(method, domain, start, System.nanoTime()));
        }
    }

    private <T> T counted(String method, Supplier<T> real) {
        int n = calls.incrementAndGet();
        log.add(method);
        Fault f = armed.get(n);
        if (f == null) {
            return real.get();
        }
        String where = phase.get();
        fired.add(n + ":" + method + (where.isEmpty() ? "" : "@" + where));
        if (f.mode() == Mode.BEFORE) {
            f.hook().run();
            return real.get();
        }
        String what = "injected " + f + " at call " + n + " (" + method + ") on " + delegate.uri();
        switch (f.mode()) {
            case FAIL -> throw new DriverException(errorFor(f.category()), f.category(), what, null);
            case FAIL_AFTER_CALL -> {
                real.get();
                throw new DriverException(errorFor(f.category()), f.category(), what, null);
            }
            case TIMEOUT -> {
                try {
                    Thread.sleep(TIMEOUT_DELAY.toMillis()); // the injected call itself takes this long
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new DriverException(LibvirtError.OPERATION_TIMEOUT, FailureCategory.TIMEOUT, what, null);
            }
            case HANG -> {
                try {
                    new CountDownLatch(1).await(); // until the engine interrupts the worker
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new DriverException(LibvirtError.UNKNOWN, FailureCategory.CANCELLED, what + ": interrupted", null);
            }
            default -> throw new IllegalStateException(f.toString()); // BEFORE is handled above
        }
    }

    private void run(String method, Runnable real) {
        run(method, null, real);
    }

    private void run(String method, String domain, Runnable real) {
        call(method, domain, () -> {
            real.run();
            return null;
        });
    }

    private static LibvirtError errorFor(FailureCategory c) {
        return switch (c) {
            case TRANSIENT -> LibvirtError.RPC;
            case NOT_FOUND -> LibvirtError.NO_DOMAIN;
            case INVALID_INPUT -> LibvirtError.INVALID_ARG;
            case CONFLICT -> LibvirtError.OPERATION_INVALID;
            case TIMEOUT -> LibvirtError.OPERATION_TIMEOUT;
            case CANCELLED -> LibvirtError.OPERATION_ABORTED;
            case INTERNAL -> LibvirtError.INTERNAL_ERROR;
        };
    }

    @Override
    public String uri() {
        return delegate.uri();
    }

    @Override
    public String hostname() {
        return call("hostname", delegate::hostname);
    }

    @Override
    public NodeInfo nodeInfo() {
        return call("nodeInfo", delegate::nodeInfo);
    }

    @Override
    public NodeStats nodeStats() {
        return call("nodeStats", delegate::nodeStats);
    }

    @Override
    public List<DomainSummary> listDomains() {
        return call("listDomains", delegate::listDomains);
    }

    @Override
    public Optional<DomainSummary> lookup(String name) {
        return call("lookup", name, () -> delegate.lookup(name));
    }

    @Override
    public DomainInfo info(String name) {
        return call("info", name, () -> delegate.info(name));
    }

    @Override
    public DomainStatus state(String name) {
        return call("state", name, () -> delegate.state(name));
    }

    @Override
    public String dumpXml(String name, boolean inactive) {
        return call("dumpXml", name, () -> delegate.dumpXml(name, inactive));
    }

    @Override
    public List<DomainInterface> interfaces(String name) {
        return call("interfaces", name, () -> delegate.interfaces(name));
    }

    @Override
    public List<DomainStats> allDomainStats() {
        return call("allDomainStats", delegate::allDomainStats);
    }

    @Override
    public DomainSummary define(String xml) {
        return call("define", () -> delegate.define(xml));
    }

    @Override
    public DomainSummary create(String xml, boolean paused) {
        return call("create", () -> delegate.create(xml, paused));
    }

    @Override
    public void start(String name, boolean paused) {
        run("start", name, () -> delegate.start(name, paused));
    }

    @Override
    public void shutdown(String name, ShutdownMode mode) {
        run("shutdown", name, () -> delegate.shutdown(name, mode));
    }

    @Override
    public void destroy(String name) {
        run("destroy", name, () -> delegate.destroy(name));
    }

    @Override
    public void undefine(String name) {
        run("undefine", name, () -> delegate.undefine(name));
    }

    @Override
    public void attachDevice(String name, String deviceXml, DeviceScope scope) {
        run("attachDevice", name, () -> delegate.attachDevice(name, deviceXml, scope));
    }

    @Override
    public void detachDevice(String name, String deviceXml, DeviceScope scope) {
        run("detachDevice", name, () -> delegate.detachDevice(name, deviceXml, scope));
    }

    @Override
    public void suspend(String name) {
        run("suspend", name, () -> delegate.suspend(name));
    }

    @Override
    public void resume(String name) {
        run("resume", name, () -> delegate.resume(name));
    }

    @Override
    public void reboot(String name) {
        run("reboot", name, () -> delegate.reboot(name));
    }

    @Override
    public void migrate(String name, String destinationUri, MigrationOptions options) {
        run("migrate", name, () -> delegate.migrate(name, destinationUri, options));
    }

    @Override
    public Optional<JobProgress> jobProgress(String name) {
        return call("jobProgress", name, () -> delegate.jobProgress(name));
    }

    @Override
    public void abortJob(String name) {
        run("abortJob", name, () -> delegate.abortJob(name));
    }

    @Override
    public void backupBegin(String name, String backupXml) {
        run("backupBegin", name, () -> delegate.backupBegin(name, backupXml));
    }

    @Override
    public Optional<FinishedJob> finishedJob(String name) {
        return call("finishedJob", name, () -> delegate.finishedJob(name));
    }

    @Override
    public AutoCloseable subscribe(Consumer<DomainEvent> listener) {
        return delegate.subscribe(listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
