package org.iaasengine.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.iaasengine.core.spi.Journal;
import org.iaasengine.core.spi.TaskScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery shared by all runs of one engine: the worker pool, the timer, the listeners, the
 * journal, and the lanes that keep actions on one resource key in order.
 */
final class EngineCore {
    private static final Logger LOG = LoggerFactory.getLogger(EngineCore.class);

    final ExecutorService workers;
    final TaskScheduler scheduler;
    final Journal journal; // written by a run's Transitions funnel only
    final Duration defaultActionTimeout;
    private final List<EngineListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean hasListeners;
    /**
     * The lane of a key that has a run and none queued: shared by all such lanes, never changed (so a
     * run on an idle key allocates no queue). Compared by identity.
     */
    private static final ArrayDeque<ActionRun<?>> BUSY = new ArrayDeque<>(0);
    /** Per resource key with a run: the runs queued behind it (BUSY when none). */
    private final ConcurrentHashMap<String, ArrayDeque<ActionRun<?>>> lanes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ActionRun<?>> active = new ConcurrentHashMap<>();
    private final String idPrefix;
    private final AtomicLong ids = new AtomicLong();

    EngineCore(ExecutorService workers, TaskScheduler scheduler, Journal journal,
            Duration defaultActionTimeout, String idPrefix) {
        this.workers = workers;
        this.scheduler = scheduler;
        this.journal = journal;
        this.defaultActionTimeout = defaultActionTimeout;
        this.idPrefix = idPrefix;
    }

    void addListener(EngineListener l) {
        listeners.add(l);
        hasListeners = true;
    }

    void removeListener(EngineListener l) {
        listeners.remove(l);
        hasListeners = !listeners.isEmpty();
    }

    boolean hasListeners() {
        return hasListeners;
    }

    /** Hands {@code event} to every listener; called by a run's {@link Transitions} funnel only. */
    void emit(EngineEvent event) {
        for (EngineListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (Throwable t) {
                LOG.warn("engine listener {} threw on {}; ignored", l, event, t);
            }
        }
    }

    String nextId() {
        return idPrefix + Long.toString(ids.incrementAndGet(), 36);
    }

    /** Active (queued or running) runs, by id. */
    Collection<ActionRun<?>> active() {
        return active.values();
    }

    /** A new run of {@code action}, registered as active. */
    <R> ActionRun<R> newRun(Action<R> action) {
        return register(new ActionRun<>(this, action));
    }

    <R> ActionRun<R> register(ActionRun<R> run) {
        if (active.putIfAbsent(run.id(), run) != null) {
            throw new IllegalStateException("a run with id " + run.id() + " is active already");
        }
        return run;
    }

    void unregister(ActionRun<?> run) {
        active.remove(run.id());
    }

    /**
     * Enters the run into its lane. Returns true if the lane was idle, so the caller must start the
     * run now; false if it queued behind another run of the same key.
     */
    boolean enterLane(ActionRun<?> run) {
        String key = run.action().resourceKey();
        while (true) {
            if (lanes.putIfAbsent(key, BUSY) == null) {
                return true;
            }
            ArrayDeque<ActionRun<?>> queued = lanes.computeIfPresent(key, (k, q) -> {
                ArrayDeque<ActionRun<?>> d = q == BUSY ? new ArrayDeque<>(2) : q;
                d.addLast(run);
                return d;
            });
            if (queued != null) {
                return false;
            }
            // The lane went idle in between: take it.
        }
    }

    /** Leaves the lane and dispatches the next queued run of the same key, if any. */
    void leaveLane(String key) {
        if (lanes.remove(key, BUSY)) {
            return; // nothing was queued: the lane is idle
        }
        ActionRun<?>[] next = new ActionRun<?>[1];
        lanes.compute(key, (k, q) -> {
            if (q == null) {
                return null;
            }
            next[0] = q.pollFirst();
            return next[0] == null ? null : q;
        });
        if (next[0] != null) {
            dispatch(next[0]);
        }
    }

    /** Starts a run on a worker. */
    void dispatch(ActionRun<?> run) {
        try {
            workers.execute(run::start);
        } catch (RuntimeException rejected) {
            run.rejected(rejected);
        }
    }
}
