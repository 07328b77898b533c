package org.iaasengine.core;

import com.google.common.base.Preconditions;
import java.util.Objects;
import java.util.Optional;

/**
 * The postcondition an action checks after its steps: a check that may itself be retried, and
 * optionally a redo of the steps from a given one when the check still fails (the pattern of a
 * migration: check the source no longer runs the VM, and migrate again up to N times).
 *
 * <pre>{@code
 * Verification.that("vm gone from source", ctx -> !source.isRunning(name))
 *         .withRetry(Retry.builder().maxAttempts(5).fixedDelay(Duration.ofMillis(200)).build())
 *         .redoFrom(MIGRATED, 2);
 * }</pre>
 */
public final class Verification {

    /** The check itself. */
    @FunctionalInterface
    public interface Check {
        /** True when the postcondition holds. */
        boolean holds(CommandContext ctx) throws Exception;
    }

    private final String name;
    private final Check check;
    private final Retry retry;
    private final Key<?> redoFrom;
    private final int maxRedos;

    private Verification(String name, Check check, Retry retry, Key<?> redoFrom, int maxRedos) {
        Preconditions.checkArgument(name != null && !name.isBlank(), "verification name must not be blank: '%s'", name);
        this.name = name;
        this.check = Objects.requireNonNull(check, "check");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.redoFrom = redoFrom;
        this.maxRedos = maxRedos;
    }

    /** A verification with one check attempt and no redo. */
    public static Verification that(String name, Check check) {
        return new Verification(name, check, Retry.none(), null, 0);
    }

    /**
     * Checks again per {@code policy} while the check returns false or fails with a retryable
     * category.
     */
    public Verification withRetry(Retry policy) {
        return new Verification(name, check, policy, redoFrom, maxRedos);
    }

    /** When the check still fails, re-runs the steps from {@code step} on, at most {@code times} times. */
    public Verification redoFrom(Key<?> step, int times) {
        Objects.requireNonNull(step, "step");
        Preconditions.checkArgument(times >= 1, "redo count must be at least 1, was %s", times);
        return new Verification(name, check, retry, step, times);
    }

    public String name() {
        return name;
    }

    public Check check() {
        return check;
    }

    public Retry retry() {
        return retry;
    }

    /** The key of the first step to redo, if redo is configured. */
    public Optional<Key<?>> redoFrom() {
        return Optional.ofNullable(redoFrom);
    }

    /** How many times the steps may be redone. */
    public int maxRedos() {
        return maxRedos;
    }
}
