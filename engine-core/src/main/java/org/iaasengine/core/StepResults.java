package org.iaasengine.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The results store of one run: the latest value of each step, which later steps read by key, and
 * every execution in the order it happened, which the revert walks backwards (a step that a
 * verification redid was executed, and is reverted, more than once).
 *
 * <p>Written by the thread that drives the run; read by commands on that thread or on threads
 * that the run's hand-offs (a worker after a retry wait) or the command itself started, which
 * see what was written before.
 */
final class StepResults implements Results {
    /** Marks a step that produced null, apart from one that produced nothing yet. */
    private static final Object NULL = new Object();

    /** One successful execution of step {@code index}, which returned {@code value}. */
    record Execution(int index, Object value) {
    }

    private final Action<?> action;
    private final Object[] values;
    private final List<Execution> executions = new ArrayList<>();
    /** Executions reverted before this run was rebuilt from a journal (their ordinals). */
    private final java.util.BitSet revertedBefore = new java.util.BitSet();

    StepResults(Action<?> action) {
        this.action = action;
        this.values = new Object[action.steps().size()];
    }

    /** Step {@code index} succeeded with {@code value}: later steps see it, and it will be reverted. */
    void record(int index, Object value) {
        values[index] = value == null ? NULL : value;
        executions.add(new Execution(index, value));
    }

    /** Execution {@code n} was reverted by the run's earlier process; the revert skips it. */
    void markRevertedBefore(int n) {
        revertedBefore.set(n);
    }

    boolean wasRevertedBefore(int n) {
        return revertedBefore.get(n);
    }

    /** The number of executions so far. */
    int executions() {
        return executions.size();
    }

    /** Execution {@code n} (0 the first). */
    Execution execution(int n) {
        return executions.get(n);
    }

    @Override
    public <V> V get(Key<V> key) {
        int i = action.indexOf(key);
        if (i < 0) {
            throw new IllegalStateException("action '" + action.name() + "' has no step producing key '" + key + "'");
        }
        Object v = values[i];
        if (v == null) {
            throw new IllegalStateException("key '" + key + "' of action '" + action.name() + "' has no value yet");
        }
        @SuppressWarnings("unchecked")
        V value = (V) (v == NULL ? null : v);
        return value;
    }

    @Override
    public <V> Optional<V> find(Key<V> key) {
        int i = action.indexOf(key);
        if (i < 0 || values[i] == null || values[i] == NULL) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        V value = (V) values[i];
        return Optional.of(value);
    }
}
