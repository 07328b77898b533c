package org.iaasengine.core;

import com.google.common.base.Preconditions;
import java.util.Objects;

/**
 * A typed key under which a step's result is kept, so that later steps read it without casts.
 * Keys compare by identity: two keys with the same name are different keys.
 *
 * <pre>{@code
 * static final Key<Path> DISK = Key.of("disk", Path.class);
 * ...
 * Path disk = ctx.get(DISK);
 * }</pre>
 *
 * @param <T> the type of the value
 */
public final class Key<T> {
    private final String name;
    private final Class<?> type;

    private Key(String name, Class<?> type) {
        Preconditions.checkArgument(name != null && !name.isBlank(), "key name must not be blank: '%s'", name);
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
    }

    /** A key for values of the given class. */
    public static <T> Key<T> of(String name, Class<T> type) {
        return new Key<>(name, type);
    }

    /** A key for a generic value type (for example {@code Key<List<String>>}), typed by inference. */
    public static <T> Key<T> named(String name) {
        return new Key<>(name, Object.class);
    }

    /** The key's name, for logs and error messages. */
    public String name() {
        return name;
    }

    /** The declared value class ({@code Object} for {@link #named} keys). */
    public Class<?> type() {
        return type;
    }

    @Override
    public String toString() {
        return name;
    }
}
