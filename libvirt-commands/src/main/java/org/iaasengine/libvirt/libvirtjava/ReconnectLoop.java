package org.iaasengine.libvirt.libvirtjava;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.iaasengine.core.Poll;
import org.iaasengine.core.Retry;
import org.iaasengine.core.spi.TaskScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconnect side of a {@link ConnectionSupervisor}: the attempts after a lost connection, per
 * the reconnect {@link Retry} (an exponential backoff without jitter or end) through the engine's
 * retry loop ({@link Poll#retryAfter}: the waits are tasks on the scheduler, the attempts run on
 * the {@code iaas-libvirt-reconnect} thread, no thread sleeps); then, on the new connection, the
 * connect hooks in order (the event hub registers its lifecycle callback again), then the reconnect
 * listeners, each on the {@code iaas-libvirt-reconnected} thread, so a model sync started by a
 * listener cannot miss an event that follows it.
 */
final class ReconnectLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSupervisor.class);

    private final String uri;
    private final Retry retry;
    private final TaskScheduler scheduler;
    private final ExecutorService attempts;
    private final ExecutorService notifier;
    private final List<ConnectionSupervisor.ConnectHook> hooks = new CopyOnWriteArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger attemptCount = new AtomicInteger();
    /** The loop in progress, if any; guarded by this. */
    private CompletableFuture<SupervisedConnect> running;

    ReconnectLoop(String uri, String tag, Retry retry, TaskScheduler scheduler) {
        this.uri = uri;
        this.retry = retry;
        this.scheduler = scheduler;
        this.attempts = Executors.newSingleThreadExecutor(
                ConnectionSupervisor.daemon("iaas-libvirt-reconnect[" + tag + "]"));
        this.notifier = Executors.newSingleThreadExecutor(
                ConnectionSupervisor.daemon("iaas-libvirt-reconnected[" + tag + "]"));
    }

    void addConnectHook(ConnectionSupervisor.ConnectHook hook) {
        hooks.add(hook);
    }

    void addListener(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** The first connection is in use: the hooks run; one that fails fails the start. */
    void firstConnection(SupervisedConnect c) {
        hooks.forEach(h -> h.connected(c));
    }

    /**
     * Starts the loop after {@code lost} unless one runs: {@code attempt} again after each wait
     * until it returns or {@code stopped} says so. The caller holds the supervisor's lock.
     */
    synchronized void start(Throwable lost, Callable<SupervisedConnect> attempt, BooleanSupplier stopped) {
        if (running != null && !running.isDone()) {
            return;
        }
        attemptCount.set(0);
        try {
            running = Poll.retryAfter(lost, attempt, (c, f) -> f != null && !stopped.getAsBoolean(), retry, scheduler,
                    attempts, (n, delay, f) -> LOG.debug("reconnect attempt {} to {} in {}", n, uri, delay));
        } catch (RejectedExecutionException e) {
            LOG.debug("reconnect to {} not scheduled: the scheduler is closed", uri);
            return;
        }
        running.whenComplete((c, f) -> {
            if (f != null && !(f instanceof CancellationException) && !stopped.getAsBoolean()) {
                LOG.warn("reconnecting to {} stopped: {}", uri, f.toString());
            }
        });
    }

    /** The number of the attempt that starts now (1 for the first after a loss). */
    int nextAttempt() {
        return attemptCount.incrementAndGet();
    }

    /** A new connection is in use after {@code attempt} attempts: hooks, then listeners; failures are logged. */
    void reconnected(SupervisedConnect c, int attempt) {
        LOG.info("reconnected to {} after {} attempt(s)", uri, attempt);
        for (ConnectionSupervisor.ConnectHook h : hooks) {
            try {
                h.connected(c);
            } catch (RuntimeException e) {
                LOG.warn("after reconnecting to {}: a connect hook failed", uri, e);
            }
        }
        for (Runnable l : listeners) {
            notifier.execute(() -> {
                try {
                    l.run();
                } catch (RuntimeException e) {
                    LOG.warn("reconnect listener for {} failed", uri, e);
                }
            });
        }
    }

    /** Runs {@code work} on the reconnect thread, or here once that thread is stopped. */
    void execute(Runnable work) {
        try {
            attempts.execute(work);
        } catch (RejectedExecutionException e) {
            work.run();
        }
    }

    /** Stops the loop: its pending wait is cancelled and no further attempt runs. */
    synchronized void cancel() {
        if (running != null) {
            running.cancel(false);
        }
    }

    /** Stops the threads and waits up to {@code waitMillis} for each. */
    void shutdown(long waitMillis) throws InterruptedException {
        attempts.shutdown();
        attempts.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
        notifier.shutdown();
        notifier.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
    }
}
