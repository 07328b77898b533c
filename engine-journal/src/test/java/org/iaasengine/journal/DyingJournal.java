package org.iaasengine.journal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.iaasengine.core.spi.Journal;

/**
 * A journal in front of a real one whose process "dies" at transition {@code n} (1 the first):
 * just before it is written, or just after. From then on nothing more reaches the journal, and the
 * process's {@link FakeHosts} view touches no host: what the journal and the hosts hold is what a
 * process killed at that point would have left.
 */
final class DyingJournal implements Journal {
    private final Journal real;
    private final int n;
    private final boolean before;
    private final AtomicBoolean dead;
    private final AtomicInteger count = new AtomicInteger();

    DyingJournal(Journal real, int n, boolean before, AtomicBoolean dead) {
        this.real = real;
        this.n = n;
        this.before = before;
        this.dead = dead;
    }

    /** Thrown into the engine of the dead process. */
    static final class Died extends RuntimeException {
        Died() {
            super("the process died here");
        }
    }

    private void transition(Runnable write) {
        if (dead.get()) {
            throw new Died();
        }
        int i = count.incrementAndGet();
        if (i == n && before) {
            dead.set(true);
            throw new Died();
        }
        write.run();
        if (i == n) {
            dead.set(true);
            throw new Died();
        }
    }

    /** The transitions seen (written or not). */
    int transitions() {
        return count.get();
    }

    @Override
    public void actionStarted(String actionId, String actionName, String resourceKey, Object request) {
        transition(() -> real.actionStarted(actionId, actionName, resourceKey, request));
    }

    @Override
    public void stepStarted(String actionId, int index, String step, int attempt, boolean effects) {
        transition(() -> real.stepStarted(actionId, index, step, attempt, effects));
    }

    @Override
    public void stepSucceeded(String actionId, int index, String step, Object result) {
        transition(() -> real.stepSucceeded(actionId, index, step, result));
    }

    @Override
    public void revertStarted(String actionId, String failedStep, String reason) {
        transition(() -> real.revertStarted(actionId, failedStep, reason));
    }

    @Override
    public void stepReverted(String actionId, int index, String step, boolean ok) {
        transition(() -> real.stepReverted(actionId, index, step, ok));
    }

    @Override
    public void actionFinished(String actionId, boolean succeeded) {
        transition(() -> real.actionFinished(actionId, succeeded));
    }

    @Override
    public void actionPending(String actionId, String reason) {
        transition(() -> real.actionPending(actionId, reason));
    }
}
