package org.iaasengine.powervm.spec;

import java.util.Objects;
import java.util.function.Function;
import org.iaasengine.core.Key;
import org.iaasengine.core.Results;

/**
 * A command input that is either a value known when the plan is built or the result of an earlier
 * step (optionally transformed). An earlier step may produce null ("nothing there"); commands treat
 * a null input as nothing to do where that makes sense.
 *
 * <pre>{@code
 * Input<String> uuid = Input.from(LPAR, LparRef::uuid);
 * Input<String> fixed = Input.of("4AC82E78-8EFF-4BAA-87C9-6B243D0C1359");
 * }</pre>
 *
 * @param <T> the value type
 */
public final class Input<T> {
    private final Function<Results, T> source;
    private final String description;

    private Input(Function<Results, T> source, String description) {
        this.source = source;
        this.description = description;
    }

    /** A fixed value. */
    public static <T> Input<T> of(T value) {
        return new Input<>(r -> value, String.valueOf(value));
    }

    /** The result of the step that stores under {@code key}. */
    public static <T> Input<T> from(Key<T> key) {
        Objects.requireNonNull(key, "key");
        return new Input<>(r -> r.find(key).orElse(null), "<" + key.name() + ">");
    }

    /** A part of the result of the step that stores under {@code key}; null if that result is null. */
    public static <S, T> Input<T> from(Key<S> key, Function<S, T> part) {
        Objects.requireNonNull(key, "key");
        return new Input<>(r -> r.find(key).map(part).orElse(null), "<" + key.name() + ">");
    }

    /** This input transformed by {@code fn} (which receives null when this input is null). */
    public <U> Input<U> map(Function<T, U> fn) {
        Objects.requireNonNull(fn, "fn");
        return new Input<>(r -> fn.apply(source.apply(r)), description);
    }

    /** The value now (may be null). */
    public T resolve(Results results) {
        return source.apply(results);
    }

    @Override
    public String toString() {
        return description;
    }
}
