package org.iaasengine.libvirt.virsh;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.commons.exec.LogOutputStream;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Retry;
import org.iaasengine.core.spi.TaskScheduler;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.core.exec.Execution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription: one long-running {@code virsh event --event lifecycle --loop --timestamp}
 * process whose stdout is read line by line (a Commons Exec {@link LogOutputStream} fed by the
 * process runner's pump) and parsed into {@link DomainEvent}s. The command string first echoes a
 * marker, so {@link #open} returns only once virsh is connected and about to register its
 * callback. If the process dies (libvirtd restarted), a new one is started after a growing pause
 * ({@link #RESTART}: 1 s doubling to 30 s; events in the gap are lost: callers reconcile with a
 * listing): the pause is a task on the runner's scheduler, the restart runs on the runner's
 * threads, no thread waits for the process. {@link #close} kills the process and cancels a
 * pending restart.
 */
final class VirshEventStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VirshEventStream.class);
    private static final String READY = "@@iaas-virsh-events-ready@@";
    /** A command string of virsh's own language; a constant with no caller data. */
    static final String COMMAND = "echo " + READY + "; event --event lifecycle --loop --timestamp";
    /** The pauses before restarts: the n-th restart waits {@code RESTART.backoffDelay(n)}. */
    static final Retry RESTART = Retry.builder().maxAttempts(Integer.MAX_VALUE)
            .backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)).jitter(0).build();

    private final VirshRunner runner;
    private final Consumer<DomainEvent> listener;
    private final Duration startTimeout;
    private final TaskScheduler scheduler;
    private final Object lock = new Object();
    /** Guarded by lock. */
    private boolean closed;
    private Execution current;
    private TaskScheduler.Scheduled pendingRestart;
    private int restarts;

    private VirshEventStream(VirshRunner runner, Consumer<DomainEvent> listener, Duration startTimeout) {
        this.runner = runner;
        this.listener = listener;
        this.startTimeout = startTimeout;
        this.scheduler = runner.processes().scheduler();
    }

    /** Starts the event process and returns once it is listening; fails classified if it cannot. */
    static VirshEventStream open(VirshRunner runner, Consumer<DomainEvent> listener, Duration startTimeout) {
        VirshEventStream s = new VirshEventStream(runner, listener, startTimeout);
        s.startFirst();
        return s;
    }

    private static VirshCall call() {
        return new VirshCall("event", null, List.of(COMMAND), null);
    }

    private void startFirst() {
        Lines lines = new Lines();
        Execution ex = runner.start(call(), null, lines);
        synchronized (lock) {
            current = ex;
        }
        try {
            CompletableFuture.anyOf(lines.ready, ex.finished()).get(startTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            ex.kill();
            throw runner.timedOut(call(), startTimeout);
        } catch (InterruptedException e) {
            ex.kill();
            Thread.currentThread().interrupt();
            throw new DriverException(LibvirtError.UNKNOWN, FailureCategory.CANCELLED,
                    call().describe(runner.uri()) + " was interrupted while starting", e);
        } catch (ExecutionException e) {
            // ended and given up on: reported below as an exit
        }
        if (!lines.ready.isDone()) {
            VirshErrors.Classification c = VirshErrors.classify(ex.stderrText());
            throw new DriverException(c.error(), c.category(),
                    call().describe(runner.uri()) + " failed (exit " + ex.exitCode() + "): " + c.text(), null);
        }
        watch(ex);
    }

    /** When {@code ex} ends (and the stream is not closed), a restart is scheduled. */
    private void watch(Execution ex) {
        ex.finished().whenComplete((exit, f) -> exited(ex));
    }

    /** On the pump thread that saw the end: schedules the restart, never waits. */
    private void exited(Execution ex) {
        Duration pause;
        synchronized (lock) {
            if (closed || current != ex) {
                return;
            }
            restarts++;
            pause = RESTART.backoffDelay(restarts);
            try {
                pendingRestart = scheduler.schedule(this::handRestartOn, pause);
            } catch (RejectedExecutionException e) {
                LOG.debug("virsh event on {}: not restarted, the scheduler is closed", runner.uri());
                return;
            }
        }
        LOG.warn("virsh event on {} exited ({}): {}; restarting in {} ms", runner.uri(), ex.exitCode(),
                ex.stderrText().strip(), pause.toMillis());
    }

    /** On the scheduler: the pause is over; the restart runs on the runner's threads. */
    private void handRestartOn() {
        try {
            runner.processes().execute(this::restart);
        } catch (RejectedExecutionException e) {
            LOG.debug("virsh event on {}: not restarted, the driver is closed", runner.uri());
        }
    }

    private void restart() {
        Execution ex;
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                ex = runner.start(call(), null, new Lines());
            } catch (DriverException e) {
                LOG.warn("virsh event on {} could not restart", runner.uri(), e);
                ex = null;
            }
            if (ex != null) {
                current = ex;
            }
        }
        if (ex != null) {
            watch(ex);
        } else {
            exitedWithoutProcess();
        }
    }

    /** A restart that could not start a process counts as another exit: the next pause is longer. */
    private void exitedWithoutProcess() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            restarts++;
            Duration pause = RESTART.backoffDelay(restarts);
            try {
                pendingRestart = scheduler.schedule(this::handRestartOn, pause);
            } catch (RejectedExecutionException e) {
                LOG.debug("virsh event on {}: not restarted, the scheduler is closed", runner.uri());
            }
        }
    }

    /** The running event process's id (for tests), -1 if none. */
    long pid() {
        synchronized (lock) {
            return current == null ? -1 : current.pid();
        }
    }

    @Override
    public void close() {
        Execution ex;
        synchronized (lock) {
            closed = true;
            ex = current;
            if (pendingRestart != null) {
                pendingRestart.cancel();
            }
        }
        if (ex != null) {
            ex.kill();
        }
    }

    /** The event process's stdout, line by line: the ready marker, then events for the listener. */
    private final class Lines extends LogOutputStream {
        final CompletableFuture<Void> ready = new CompletableFuture<>();

        Lines() {
            super(0, StandardCharsets.UTF_8);
        }

        @Override
        protected void processLine(String line, int level) {
            if (line.equals(READY)) {
                ready.complete(null);
                return;
            }
            var event = VirshParsers.parseEvent(runner.uri(), line);
            if (event.isEmpty()) {
                LOG.debug("virsh event on {}: ignored line {}", runner.uri(), line);
                return;
            }
            try {
                listener.accept(event.get());
            } catch (RuntimeException e) {
                LOG.warn("event listener failed on {}", event.get(), e);
            }
        }
    }
}
