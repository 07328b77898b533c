package org.iaasengine.core;

import java.util.Optional;

/**
 * Read access to the results of the steps of one action run.
 *
 * <pre>{@code
 * Path disk = results.get(DISK);
 * }</pre>
 */
public interface Results {
    /**
     * The value a step stored under the key.
     *
     * @throws IllegalStateException naming the key when no step has produced it (yet)
     */
    <V> V get(Key<V> key);

    /** The value under the key, or empty when no step produced it (or it produced null). */
    <V> Optional<V> find(Key<V> key);
}
