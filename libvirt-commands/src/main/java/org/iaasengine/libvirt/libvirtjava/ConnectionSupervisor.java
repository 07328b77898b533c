package org.iaasengine.libvirt.libvirtjava;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.iaasengine.core.Retry;
import org.iaasengine.core.spi.SystemScheduler;
import org.iaasengine.core.spi.TaskScheduler;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.libvirtjava.Errors.Call;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one libvirt connection to one URI usable: opens it with keepalive, runs every call on it
 * with a timeout, notices when it dies and reconnects with bounded backoff.
 *
 * <p><b>Noticing a dead connection.</b> Three ways, whichever comes first: libvirt's
 * connection-close callback (the daemon closed the socket, or keepalive found it silent for
 * {@code interval × count} seconds); a failed call after which {@code virConnectIsAlive} (a local
 * check, no RPC) says false; a failed call to a connection already retired. The connection is then
 * retired (closed once the last call using it returns), calls made meanwhile fail at once with a
 * TRANSIENT {@code DriverException} (code NO_CONNECT), and the {@link ReconnectLoop} makes attempts
 * until one succeeds or the supervisor is closed, per the reconnect {@link Retry} (an exponential
 * backoff without jitter or end) through the engine's retry loop: no thread sleeps. Connections
 * are opened with keepalive and the close callback by the {@link ConnectionOpener}.
 *
 * <p><b>After a reconnect</b>, in this order: connect hooks run (the event hub re-registers its
 * lifecycle callback), then reconnect listeners are told (on their own thread), so a model sync
 * started by a listener cannot miss an event that follows it.
 *
 * <p><b>What bounds a call.</b> Every call runs on an {@code iaas-libvirt-call} worker thread
 * ({@link CallWorkers}); the caller waits at most its timeout, then gets TIMEOUT. A native call
 * cannot be interrupted: the worker
 * stays in it until libvirt returns, which keepalive bounds for a silent daemon (the connection is
 * closed under it after {@code interval × count} seconds) and the kernel bounds for a dead one
 * (the socket closes at once). Workers are few and their queue is bounded, so a hung daemon makes
 * calls fail (TRANSIENT) rather than pile up threads.
 *
 * <p><b>Threads.</b> A libvirt {@code virConnectPtr} may be used by several threads at once; the
 * remote driver multiplexes their RPCs. libvirt errors are per thread, so each call reads its error
 * on the worker that made it. Callbacks (close, events) run on the event-loop thread
 * ({@link LibvirtRuntime}) and only hand work on. Every thread is named {@code iaas-libvirt-*[URI]}
 * and {@link #close()} stops them all (the event loop's when the last supervisor closes); the
 * timer is the scheduler given in the settings, or a {@link SystemScheduler} of the supervisor's
 * own ({@code iaas-libvirt-timer[URI]}).
 *
 * <pre>{@code
 * ConnectionSupervisor s = new ConnectionSupervisor("qemu:///system", settings, SupervisedConnect::new);
 * s.start();
 * String host = s.call(Call.host("hostname"), c -> c.getHostName());
 * }</pre>
 */
final class ConnectionSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSupervisor.class);

    /** Opens a connection; the real one is {@code SupervisedConnect::new}. */
    @FunctionalInterface
    interface Connector {
        SupervisedConnect open(String uri) throws LibvirtException;
    }

    /** Work on the connection, run on a worker thread. */
    @FunctionalInterface
    interface ConnectionCall<T> {
        T apply(SupervisedConnect connection) throws LibvirtException, NativeError;
    }

    /** Runs on a freshly opened connection, after it is in use and before reconnect listeners. */
    @FunctionalInterface
    interface ConnectHook {
        void connected(SupervisedConnect connection);
    }

    /** How the supervisor behaves. */
    record Settings(Duration callTimeout, int keepAliveIntervalSeconds, int keepAliveCount, Retry reconnect,
            int maxConcurrentCalls, TaskScheduler scheduler) {
        Settings {
            Objects.requireNonNull(callTimeout, "callTimeout");
            Objects.requireNonNull(reconnect, "reconnect");
        }
    }

    /** One connection and the calls using it. */
    private static final class Lease {
        final SupervisedConnect connection;
        final AtomicInteger users = new AtomicInteger();
        final AtomicBoolean closeStarted = new AtomicBoolean();
        volatile boolean retired;

        Lease(SupervisedConnect connection) {
            this.connection = connection;
        }
    }

    private final String uri;
    private final Settings settings;
    private final DomainHandles handles = new DomainHandles();
    private final CallWorkers workers;
    private final TaskScheduler scheduler;
    private final SystemScheduler ownedScheduler;
    private final ConnectionOpener opener;
    private final ReconnectLoop reconnects;
    private final Object lock = new Object();

    private volatile Lease current;
    private volatile boolean closed;
    private volatile Throwable lastFailure;

    ConnectionSupervisor(String uri, Settings settings, Connector connector) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.settings = settings;
        String tag = uri.replaceAll("[^A-Za-z0-9:/._-]", "_");
        workers = new CallWorkers(uri, tag, settings.maxConcurrentCalls());
        ownedScheduler = settings.scheduler() == null ? new SystemScheduler("iaas-libvirt-timer[" + tag + "]") : null;
        scheduler = settings.scheduler() != null ? settings.scheduler() : ownedScheduler;
        opener = new ConnectionOpener(uri, connector, settings.keepAliveIntervalSeconds(), settings.keepAliveCount());
        reconnects = new ReconnectLoop(uri, tag, settings.reconnect(), scheduler);
    }

    static java.util.concurrent.ThreadFactory daemon(String format) {
        return new ThreadFactoryBuilder().setNameFormat(format).setDaemon(true).build();
    }

    String uri() {
        return uri;
    }

    DomainHandles handles() {
        return handles;
    }

    /** True while a live connection is in use. */
    boolean isConnected() {
        Lease l = current;
        return l != null && !l.retired;
    }

    /** The connection in use, null while down. */
    SupervisedConnect currentConnection() {
        Lease l = current;
        return l == null || l.retired ? null : l.connection;
    }

    void addConnectHook(ConnectHook hook) {
        reconnects.addConnectHook(hook);
    }

    void addReconnectListener(Runnable listener) {
        reconnects.addListener(listener);
    }

    void removeReconnectListener(Runnable listener) {
        reconnects.removeListener(listener);
    }

    /** Opens the first connection, bounded by the call timeout; fails (classified) if it cannot. */
    void start() {
        Call call = Call.host("connect");
        Future<SupervisedConnect> f = workers.call(call, () -> {
            try {
                return openConnection();
            } catch (LibvirtException e) {
                throw Errors.failed(call, uri, NativeError.of(e), false);
            }
        }, () -> false);
        SupervisedConnect c = await(f, call, settings.callTimeout());
        synchronized (lock) {
            current = new Lease(c);
        }
        LOG.debug("connected to {}", uri);
        reconnects.firstConnection(c);
    }

    /** Runs {@code fn} on the current connection, bounded by the call timeout. */
    <T> T call(Call call, ConnectionCall<T> fn) {
        return call(call, settings.callTimeout(), fn);
    }

    /** Runs {@code fn} on the current connection, bounded by {@code timeout}. */
    <T> T call(Call call, Duration timeout, ConnectionCall<T> fn) {
        Lease lease = leaseFor(call);
        return await(workers.call(call, () -> runLeased(lease, call, fn), () -> closed), call, timeout);
    }

    /**
     * Starts {@code fn} on a call worker and returns at once, so that several calls overlap on the
     * connection (libvirt's client multiplexes them); {@link #finish} waits for one.
     */
    <T> Future<T> begin(Call call, ConnectionCall<T> fn) {
        Lease lease = leaseFor(call);
        return workers.call(call, () -> runLeased(lease, call, fn), () -> closed);
    }

    /** Waits for a call {@link #begin} started, as {@link #call} would (the call timeout; classified). */
    <T> T finish(Future<T> f, Call call) {
        return await(f, call, settings.callTimeout());
    }

    /**
     * Starts a long job (a migration) on its own thread, not bounded here: the caller waits with
     * {@link #await} and decides what a timeout means.
     */
    <T> CompletableFuture<T> submitJob(Call call, ConnectionCall<T> fn) {
        Lease lease = leaseFor(call);
        return workers.job(call, () -> runLeased(lease, call, fn), () -> closed);
    }

    /** The scheduler that times the supervisor's waits. */
    TaskScheduler scheduler() {
        return scheduler;
    }

    private Lease leaseFor(Call call) {
        if (closed) {
            throw Errors.closed(call, uri);
        }
        Lease lease = current;
        if (lease == null || lease.retired) {
            throw Errors.down(call, uri, lastFailure);
        }
        return lease;
    }

    private <T> T runLeased(Lease lease, Call call, ConnectionCall<T> fn) {
        lease.users.incrementAndGet();
        try {
            if (lease.retired) {
                throw Errors.down(call, uri, lastFailure);
            }
            try {
                return fn.apply(lease.connection);
            } catch (LibvirtException e) {
                throw classify(lease, call, NativeError.of(e));
            } catch (NativeError e) {
                throw classify(lease, call, e);
            }
        } finally {
            if (lease.users.decrementAndGet() == 0 && lease.retired) {
                closeLater(lease);
            }
        }
    }

    private DriverException classify(Lease lease, Call call, NativeError e) {
        boolean alive;
        try {
            alive = lease.connection.isAlive();
        } catch (LibvirtException | RuntimeException notAlive) {
            alive = false;
        }
        DriverException failure = Errors.failed(call, uri, e, !alive);
        if (!alive) {
            connectionLost(lease.connection, failure);
        }
        return failure;
    }

    /** Waits for {@code f} at most {@code timeout}; failures come back classified. */
    <T> T await(Future<T> f, Call call, Duration timeout) {
        return workers.await(f, call, timeout);
    }

    /**
     * The connection died: retire it (closed when its last call returns), fail calls at once from
     * now on, and start reconnecting. Safe on any thread, the event loop's included: it only
     * changes state and hands work on. A connection already replaced is ignored.
     */
    void connectionLost(SupervisedConnect connection, Object why) {
        Lease lease;
        synchronized (lock) {
            lease = current;
            if (closed || lease == null || lease.connection != connection || lease.retired) {
                return;
            }
            lease.retired = true;
            current = null;
            lastFailure = why instanceof Throwable t ? t : null;
        }
        LOG.warn("connection to {} lost ({}); reconnecting", uri, why instanceof Throwable t ? t.getMessage() : why);
        if (lease.users.get() == 0) {
            closeLater(lease);
        }
        startReconnecting(why instanceof Throwable t ? t : new IllegalStateException(String.valueOf(why)));
    }

    /** Starts the reconnect loop unless one runs or the supervisor is closed. */
    private void startReconnecting(Throwable lost) {
        synchronized (lock) {
            if (!closed) {
                reconnects.start(lost, this::reconnectOnce, () -> closed);
            }
        }
    }

    /** One reconnect attempt, on the reconnect thread: opens a connection and puts it in use. */
    private SupervisedConnect reconnectOnce() throws LibvirtException {
        int n = reconnects.nextAttempt();
        synchronized (lock) {
            if (closed || current != null) {
                return current == null ? null : current.connection;
            }
        }
        SupervisedConnect c;
        try {
            c = openConnection();
        } catch (LibvirtException | RuntimeException e) {
            lastFailure = e;
            LOG.debug("reconnect attempt {} to {} failed: {}", n, uri, e.getMessage());
            throw e;
        }
        synchronized (lock) {
            if (closed) {
                closeLater(new Lease(c));
                return c;
            }
            current = new Lease(c);
        }
        reconnects.reconnected(c, n);
        return c;
    }

    private SupervisedConnect openConnection() throws LibvirtException {
        return opener.open(this::connectionLost);
    }

    private void closeLater(Lease lease) {
        if (lease.closeStarted.compareAndSet(false, true)) {
            reconnects.execute(() -> opener.close(lease.connection));
        }
    }

    /**
     * Stops reconnecting, closes the connection once its calls return (waiting at most the call
     * timeout), stops the threads and waits for them, and gives back the libvirt runtime (the
     * event-loop thread ends with the last supervisor).
     */
    @Override
    public void close() {
        Lease lease;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            lease = current;
            current = null;
        }
        reconnects.cancel();
        if (lease != null) {
            lease.retired = true;
            if (lease.users.get() == 0) {
                closeLater(lease);
            }
        }
        workers.shutdown();
        try {
            workers.awaitCalls(settings.callTimeout());
            reconnects.shutdown(settings.callTimeout().toMillis());
            workers.awaitJobs(settings.callTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownedScheduler != null) {
            ownedScheduler.close();
        }
        opener.releaseRuntime();
        LOG.debug("supervisor for {} closed", uri);
    }
}
