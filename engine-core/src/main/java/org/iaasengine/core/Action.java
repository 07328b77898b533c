package org.iaasengine.core;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An immutable plan over one resource key: ordered steps, retry per step or for the whole action,
 * an optional verification, a model sync, and how to produce the typed result. Building a plan has
 * no side effect: it can be logged, inspected and tested before an {@link Engine} runs it.
 *
 * <pre>{@code
 * Action<Vm> create = Action.<Vm>builder("create", "vm:web1")
 *         .request(new CreateRequest("web1", "base.qcow2", 512, 1))
 *         .step(DISK, new CopyTemplate(templates, storage, "base.qcow2", "web1"))
 *         .step(XML, new CreateXml(spec))
 *         .step(DOMAIN, new CreateVm(driver))
 *         .step(INFO, new DomInfo(driver, "web1"))
 *         .retry(Retry.builder().maxAttempts(3).build())
 *         .timeout(Duration.ofMinutes(5))
 *         .sync(results -> model.putVm(...))
 *         .result(results -> ...)
 *         .build();
 * }</pre>
 *
 * @param <R> the type of the action's result
 */
public final class Action<R> {
    private final String name;
    private final String resourceKey;
    private final Object request;
    private final ImmutableList<Step<?>> steps;
    private final Retry retry;
    private final Retry revertRetry;
    private final boolean haltRevertOnFailure;
    private final boolean resumable;
    private final Duration timeout;
    private final Verification verification;
    private final ModelSync sync;
    private final FailureHook onFailure;
    private final Function<Results, R> result;
    private final Map<Key<?>, Integer> stepIndex;

    private Action(Builder<R> b) {
        this.name = b.name;
        this.resourceKey = b.resourceKey;
        this.request = b.request;
        this.steps = ImmutableList.copyOf(b.steps);
        this.retry = b.retry;
        this.revertRetry = b.revertRetry;
        this.haltRevertOnFailure = b.haltRevertOnFailure;
        this.resumable = b.resumable;
        this.timeout = b.timeout;
        this.verification = b.verification;
        this.sync = b.sync;
        this.onFailure = b.onFailure;
        this.result = b.result;
        Map<Key<?>, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            index.put(steps.get(i).key(), i);
        }
        this.stepIndex = index;
    }

    /** Starts a plan named {@code name} over {@code resourceKey} (for example {@code vm:web1}). */
    public static <R> Builder<R> builder(String name, String resourceKey) {
        return new Builder<>(name, resourceKey);
    }

    public String name() {
        return name;
    }

    /** Actions with the same resource key run one at a time, in submission order. */
    public String resourceKey() {
        return resourceKey;
    }

    /** The request as data (a record of the action's parameters), if the builder was given one. */
    public Optional<Object> request() {
        return Optional.ofNullable(request);
    }

    public List<Step<?>> steps() {
        return steps;
    }

    /** The retry policy of steps that have none of their own. */
    public Retry retry() {
        return retry;
    }

    /** The retry policy of each revert. */
    public Retry revertRetry() {
        return revertRetry;
    }

    /** Whether a revert that fails for good leaves the steps before it unreverted (see the builder's). */
    public boolean haltRevertOnFailure() {
        return haltRevertOnFailure;
    }

    /** Whether a run interrupted by the death of its process is finished rather than reverted (see the builder's). */
    public boolean resumable() {
        return resumable;
    }

    /** The action's deadline, measured from the moment it starts running. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    public Optional<Verification> verification() {
        return Optional.ofNullable(verification);
    }

    public Optional<ModelSync> sync() {
        return Optional.ofNullable(sync);
    }

    public Optional<FailureHook> onFailure() {
        return Optional.ofNullable(onFailure);
    }

    /** Produces the action's result from the step results. */
    public R result(Results results) {
        return result.apply(results);
    }

    /** The index of the step that stores its result under {@code key}, or -1. */
    public int indexOf(Key<?> key) {
        Integer i = stepIndex.get(key);
        return i == null ? -1 : i;
    }

    @Override
    public String toString() {
        return name + "[" + resourceKey + "] " + steps;
    }

    /**
     * Builds an {@link Action}. {@link #build()} rejects an invalid plan with a message that names
     * the problem: no steps, a key used twice, a redo from a step that is not in the plan.
     */
    public static final class Builder<R> {
        private final String name;
        private final String resourceKey;
        private Object request;
        private final List<Step<?>> steps = new ArrayList<>();
        private Retry retry = Retry.none();
        private Retry revertRetry = Retry.none();
        private boolean haltRevertOnFailure;
        private boolean resumable;
        private Duration timeout;
        private Verification verification;
        private ModelSync sync;
        private FailureHook onFailure;
        private Function<Results, R> result = results -> null;

        private Builder(String name, String resourceKey) {
            Preconditions.checkArgument(name != null && !name.isBlank(), "action name must not be blank: '%s'", name);
            Preconditions.checkArgument(resourceKey != null && !resourceKey.isBlank(),
                    "resource key of action '%s' must not be blank: '%s'", name, resourceKey);
            this.name = name;
            this.resourceKey = resourceKey;
        }

        /** The request as data, for logs, a journal or the wire. */
        public Builder<R> request(Object requestRecord) {
            this.request = Objects.requireNonNull(requestRecord, "request");
            return this;
        }

        /** Appends a step whose result later steps read under {@code key}. */
        public <T> Builder<R> step(Key<T> key, Command<T> command) {
            return step(Step.of(key, command));
        }

        /** Appends a step whose result no later step reads. */
        public Builder<R> step(Command<?> command) {
            return step(Step.of(command));
        }

        /** Appends a configured step. */
        public Builder<R> step(Step<?> step) {
            steps.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        /** The retry policy for steps without their own. */
        public Builder<R> retry(Retry policy) {
            this.retry = Objects.requireNonNull(policy, "retry");
            return this;
        }

        /** The retry policy for each revert (default: one attempt). */
        public Builder<R> revertRetry(Retry policy) {
            this.revertRetry = Objects.requireNonNull(policy, "revertRetry");
            return this;
        }

        /**
         * When a revert fails for good, revert nothing before it: the earlier steps stay as they
         * are, listed in {@link ActionFailedException#notReverted()}. For a plan whose earlier
         * reverts are safe only once the later ones succeeded: a migration must not restart a VM
         * on its source while the copy it could not remove may run on the destination (two QEMUs
         * on one disk). Default: every revert runs, whatever the others did.
         */
        public Builder<R> haltRevertOnFailure() {
            this.haltRevertOnFailure = true;
            return this;
        }

        /**
         * A run that its process's death interrupted is finished on recovery rather than reverted:
         * the step in flight runs again, then the rest. For a plan that is better finished than
         * undone (a delete whose destroy cannot be undone anyway); each of its steps must then be
         * safe to run again after it took effect. A run that had already begun its revert is
         * reverted all the same. Default: reverted.
         */
        public Builder<R> resumable() {
            this.resumable = true;
            return this;
        }

        /** The action's deadline from when it starts; on expiry what ran is reverted. */
        public Builder<R> timeout(Duration deadline) {
            Objects.requireNonNull(deadline, "timeout");
            Preconditions.checkArgument(!deadline.isNegative() && !deadline.isZero(),
                    "timeout of action '%s' must be positive, was %s", name, deadline);
            this.timeout = deadline;
            return this;
        }

        public Builder<R> verify(Verification check) {
            this.verification = Objects.requireNonNull(check, "verification");
            return this;
        }

        public Builder<R> sync(ModelSync modelSync) {
            this.sync = Objects.requireNonNull(modelSync, "sync");
            return this;
        }

        public Builder<R> onFailure(FailureHook hook) {
            this.onFailure = Objects.requireNonNull(hook, "onFailure");
            return this;
        }

        /** How to produce the action's result from the step results (default: null). */
        public Builder<R> result(Function<Results, R> fn) {
            this.result = Objects.requireNonNull(fn, "result");
            return this;
        }

        /** The result is the value stored under {@code key}. */
        public Builder<R> resultFrom(Key<? extends R> key) {
            Objects.requireNonNull(key, "key");
            this.result = results -> results.get(key);
            return this;
        }

        /** Builds the plan, or throws {@link IllegalArgumentException} naming what is wrong. */
        public Action<R> build() {
            Preconditions.checkArgument(!steps.isEmpty(), "action '%s' on %s has no steps", name, resourceKey);
            Map<Key<?>, Step<?>> seen = new IdentityHashMap<>();
            for (Step<?> s : steps) {
                Step<?> before = seen.put(s.key(), s);
                Preconditions.checkArgument(before == null,
                        "action '%s': key '%s' is the result of two steps (%s and %s)", name, s.key(), before, s);
            }
            if (verification != null && verification.redoFrom().isPresent()) {
                Key<?> from = verification.redoFrom().get();
                Preconditions.checkArgument(seen.containsKey(from),
                        "action '%s': verification '%s' redoes from key '%s', which no step produces",
                        name, verification.name(), from);
            }
            return new Action<>(this);
        }
    }
}
