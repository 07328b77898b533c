package org.iaasengine.core;

import com.google.common.base.Preconditions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of an {@link Action}: a command, the key its result is kept under, and optionally its
 * own retry policy and timeout. Immutable; the {@code with...} methods return new steps.
 *
 * <pre>{@code
 * Step<Path> copy = Step.of(DISK, new CopyTemplate(...))
 *         .withRetry(Retry.builder().maxAttempts(3).build())
 *         .withTimeout(Duration.ofMinutes(2));
 * }</pre>
 *
 * @param <T> the command's result type
 */
public final class Step<T> {
    private final Key<T> key;
    private final Command<T> command;
    private final Retry retry;
    private final Duration timeout;

    private Step(Key<T> key, Command<T> command, Retry retry, Duration timeout) {
        this.key = Objects.requireNonNull(key, "key");
        this.command = Objects.requireNonNull(command, "command");
        this.retry = retry;
        this.timeout = timeout;
    }

    /** A step whose result is kept under {@code key}. */
    public static <T> Step<T> of(Key<T> key, Command<T> command) {
        return new Step<>(key, command, null, null);
    }

    /** A step whose result no later step needs (kept under a key named after the command). */
    public static <T> Step<T> of(Command<T> command) {
        Objects.requireNonNull(command, "command");
        return new Step<>(Key.named(command.name()), command, null, null);
    }

    /** This step with its own retry policy (overrides the action's). */
    public Step<T> withRetry(Retry policy) {
        return new Step<>(key, command, Objects.requireNonNull(policy, "retry"), timeout);
    }

    /** This step with a per-attempt timeout. */
    public Step<T> withTimeout(Duration perAttempt) {
        Objects.requireNonNull(perAttempt, "timeout");
        Preconditions.checkArgument(!perAttempt.isNegative() && !perAttempt.isZero(),
                "step timeout must be positive, was %s", perAttempt);
        return new Step<>(key, command, retry, perAttempt);
    }

    /** The key of the result. */
    public Key<T> key() {
        return key;
    }

    /** The command. */
    public Command<T> command() {
        return command;
    }

    /** The step's own retry policy, if it has one. */
    public Optional<Retry> retry() {
        return Optional.ofNullable(retry);
    }

    /** The per-attempt timeout, if any. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** The command's name. */
    public String name() {
        return command.name();
    }

    @Override
    public String toString() {
        return name() + "->" + key.name();
    }
}
