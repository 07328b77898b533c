package org.iaasengine.core;

import com.google.common.base.Preconditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.iaasengine.core.spi.Journal;
import org.iaasengine.core.spi.SystemScheduler;
import org.iaasengine.core.spi.TaskScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Action actions}. Actions on the same resource key run one at a time, in submission
 * order; actions on different keys run in parallel on a bounded pool of worker threads. Every run
 * has a deadline; cancel and deadline revert what ran. {@link #close(Duration)} stops taking work,
 * drains, and reports what it abandoned.
 *
 * <pre>{@code
 * try (Engine engine = Engine.builder().workers(4).listener(System.out::println).build()) {
 *     ActionHandle<Vm> h = engine.submit(create);   // asynchronous
 *     Vm vm = engine.run(start);                      // blocking
 * }
 * }</pre>
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final AtomicInteger ENGINES = new AtomicInteger();

    private final EngineCore core;
    private final ExecutorService workers;
    private final SystemScheduler ownScheduler;
    private final Duration closeGrace;
    private volatile boolean closed;

    private Engine(Builder b) {
        int n = ENGINES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(b.workers, b.workers, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "iaas-engine-" + n + "-worker-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        TaskScheduler scheduler = b.scheduler;
        this.ownScheduler = scheduler == null ? new SystemScheduler("iaas-engine-" + n + "-timer") : null;
        // With a durable journal, ids must not repeat in the next process that opens it.
        String prefix = b.journal == Journal.NONE ? "a" + n + "-"
                : "a" + n + "-" + Long.toString(System.currentTimeMillis(), 36)
                        + Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36) + "-";
        this.core = new EngineCore(workers, scheduler == null ? ownScheduler : scheduler, b.journal,
                b.defaultActionTimeout, prefix);
        this.closeGrace = b.closeGrace;
        b.listeners.forEach(core::addListener);
    }

    /**
     * An engine with the defaults: 16 workers (twice the cores if more), since commands mostly wait
     * on hypervisors; a 30-minute action deadline.
     */
    public static Engine create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Queues the action on its resource key's lane and returns at once.
     *
     * @throws IllegalStateException if the engine is closed
     */
    public <R> ActionHandle<R> submit(Action<R> action) {
        Objects.requireNonNull(action, "action");
        ActionRun<R> run = admit(action);
        if (core.enterLane(run)) {
            core.dispatch(run);
        }
        return run;
    }

    /**
     * {@link #submit(Action)} with the run's id given: a job id that is also its idempotency key
     * (a journal finds the run under it, a redelivered job is answered from it).
     *
     * @throws InvalidInputException when {@code id} is blank, longer than 120 characters, or has
     *     control characters
     * @throws IllegalStateException if the engine is closed, or a run with that id is active
     */
    public <R> ActionHandle<R> submit(Action<R> action, String id) {
        Objects.requireNonNull(action, "action");
        InvalidInputException.check(id != null && !id.isBlank() && id.length() <= 120
                && id.chars().noneMatch(Character::isISOControl),
                "run id must be 1 to 120 characters without control characters, was '%s'", Visible.of(String.valueOf(id)));
        if (closed) {
            throw new IllegalStateException("engine is closed; action " + action.name() + " on "
                    + action.resourceKey() + " was not accepted");
        }
        ActionRun<R> run = core.register(new ActionRun<>(core, action, null, id));
        if (core.enterLane(run)) {
            core.dispatch(run);
        }
        return run;
    }

    /**
     * Runs the action and waits for it. When the action's lane is idle it runs on the calling
     * thread (no hand-off), otherwise it waits its turn.
     *
     * @throws ActionFailedException when the action fails (after its reverts ran)
     */
    public <R> R run(Action<R> action) {
        Objects.requireNonNull(action, "action");
        ActionRun<R> run = admit(action);
        if (core.enterLane(run)) {
            run.start();
        }
        return run.join();
    }

    /**
     * Settles a run that a durable journal recorded and its process never finished: {@code plan}
     * is its action rebuilt from the journaled request, {@code journaled} what the journal holds of
     * the run. Queued on the plan's lane like any action; the recovered run keeps the journaled id,
     * journals its outcome and tells the listeners. A resumable plan that had not begun to revert
     * is finished from the step in flight; any other is reverted (the step in flight first, through
     * its {@link Command#revertFailed}, which asks the host whether the lost call took effect).
     * When a revert fails for a reason that may pass (the host does not answer), the journal keeps
     * the run pending for a later recovery. Usually called through the journal module's recovery,
     * which reads the journal and rebuilds the plans.
     *
     * @throws IllegalArgumentException when the journaled run does not fit the plan (a step index the
     *     plan lacks)
     * @throws IllegalStateException if the engine is closed
     */
    public <R> ActionHandle<R> recover(Action<R> plan, JournaledRun journaled) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(journaled, "journaled");
        if (closed) {
            throw new IllegalStateException("engine is closed; recovery of " + journaled.actionId() + " was not accepted");
        }
        ActionRun<R> run = core.register(new ActionRun<>(core, plan, journaled, null));
        if (core.enterLane(run)) {
            core.dispatch(run);
        }
        return run;
    }

    private <R> ActionRun<R> admit(Action<R> action) {
        if (closed) {
            throw new IllegalStateException("engine is closed; action " + action.name() + " on "
                    + action.resourceKey() + " was not accepted");
        }
        return core.newRun(action);
    }

    /** Adds a listener of engine events. */
    public void addListener(EngineListener listener) {
        core.addListener(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(EngineListener listener) {
        core.removeListener(listener);
    }

    /** The runs queued or running now. */
    public List<ActionHandle<?>> active() {
        return List.copyOf(core.active());
    }

    /**
     * Stops taking work, waits up to {@code grace} for queued and running actions to finish, then
     * cancels what is left (running actions revert) and waits up to {@code grace} again for those
     * reverts. Returns what it abandoned.
     */
    public ShutdownReport close(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        closed = true;
        List<ActionRun<?>> pending = new ArrayList<>(core.active());
        long deadline = System.nanoTime() + grace.toNanos();
        int drained = 0;
        List<ActionRun<?>> left = new ArrayList<>();
        for (ActionRun<?> run : pending) {
            if (await(run.future(), deadline)) {
                drained++;
            } else {
                left.add(run);
            }
        }
        List<ShutdownReport.Abandoned> abandoned = new ArrayList<>();
        List<Boolean> started = new ArrayList<>();
        for (ActionRun<?> run : left) {
            started.add(run.hasStarted());
        }
        // Queued runs first: cancelling a running one first frees its lane, which may then start
        // the next queued run before its own cancel arrives.
        for (int i = 0; i < left.size(); i++) {
            if (!started.get(i)) {
                left.get(i).cancel();
            }
        }
        for (int i = 0; i < left.size(); i++) {
            if (started.get(i)) {
                left.get(i).cancel();
            }
        }
        long revertDeadline = System.nanoTime() + grace.toNanos();
        for (int i = 0; i < left.size(); i++) {
            ActionRun<?> run = left.get(i);
            boolean finished = await(run.future(), revertDeadline);
            abandoned.add(new ShutdownReport.Abandoned(run.id(), run.action().name(), run.action().resourceKey(),
                    started.get(i), finished));
        }
        workers.shutdown();
        try {
            workers.awaitTermination(Math.max(0, revertDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        if (ownScheduler != null) {
            ownScheduler.close();
        }
        ShutdownReport report = new ShutdownReport(drained, abandoned);
        if (!report.clean()) {
            LOG.warn("engine closed; abandoned {}", report.abandoned());
        }
        return report;
    }

    /** {@link #close(Duration)} with the builder's grace time (default 30 s). */
    @Override
    public void close() {
        close(closeGrace);
    }

    private static boolean await(CompletableFuture<?> f, long deadlineNanos) {
        try {
            f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return true; // finished, with a failure
        }
    }

    /** Builds an {@link Engine}. */
    public static final class Builder {
        // Commands mostly wait on hypervisors (libvirt calls, virsh processes, REST jobs), so the
        // pool is sized for concurrent waits, not for CPU.
        private int workers = Math.max(16, 2 * Runtime.getRuntime().availableProcessors());
        private TaskScheduler scheduler;
        private Journal journal = Journal.NONE;
        private Duration defaultActionTimeout = Duration.ofMinutes(30);
        private Duration closeGrace = Duration.ofSeconds(30);
        private final List<EngineListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** The number of worker threads (at least 1; default 16, or twice the cores if more). */
        public Builder workers(int count) {
            Preconditions.checkArgument(count >= 1, "workers must be at least 1, was %s", count);
            this.workers = count;
            return this;
        }

        /**
         * The scheduler for retry waits, deadlines and timeouts, and for the waits of commands
         * ({@link CommandContext#scheduler()}; default: a {@link SystemScheduler} of the engine's own,
         * thread {@code iaas-engine-N-timer}, stopped by {@link Engine#close}).
         */
        public Builder scheduler(TaskScheduler taskScheduler) {
            this.scheduler = Objects.requireNonNull(taskScheduler, "scheduler");
            return this;
        }

        /** The journal hook (default: none). */
        public Builder journal(Journal j) {
            this.journal = Objects.requireNonNull(j, "journal");
            return this;
        }

        /** The deadline of actions that set none themselves; null for none. */
        public Builder defaultActionTimeout(Duration timeout) {
            Preconditions.checkArgument(timeout == null || (!timeout.isNegative() && !timeout.isZero()),
                    "default action timeout must be positive, was %s", timeout);
            this.defaultActionTimeout = timeout;
            return this;
        }

        /** The grace time of {@link Engine#close()}. */
        public Builder closeGrace(Duration grace) {
            Preconditions.checkArgument(grace != null && !grace.isNegative(), "close grace must not be negative, was %s",
                    grace);
            this.closeGrace = grace;
            return this;
        }

        public Builder listener(EngineListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Engine build() {
            return new Engine(this);
        }
    }
}
