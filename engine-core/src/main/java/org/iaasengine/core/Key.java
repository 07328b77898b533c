package org.iaasengine.core;

import com.google.common.base.Preconditions;
import com.google.common.reflect.TypeToken;
import java.lang.reflect.Type;
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
    private final Type genericType;

    private Key(String name, Class<?> type, Type genericType) {
        Preconditions.checkArgument(name != null && !name.isBlank(), "key name must not be blank: '%s'", name);
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.genericType = genericType;
    }

    /** A key for values of the given class. */
    public static <T> Key<T> of(String name, Class<T> type) {
        return new Key<>(name, type, type);
    }

    /**
     * A key for a generic value type, with the whole type kept, so that a durable journal can read
     * a journaled value back as what it was:
     *
     * <pre>{@code
     * static final Key<Optional<String>> MOVED = Key.of("moved", new TypeToken<Optional<String>>() {});
     * }</pre>
     */
    public static <T> Key<T> of(String name, TypeToken<T> type) {
        Objects.requireNonNull(type, "type");
        return new Key<>(name, type.getRawType(), type.getType());
    }

    /**
     * A key for a generic value type (for example {@code Key<List<String>>}), typed by inference
     * only: its {@link #genericType} is unknown, so a durable journal reads its value back as the
     * class it was written from. Prefer {@link #of(String, TypeToken)} for a step of a plan that is
     * journaled.
     */
    public static <T> Key<T> named(String name) {
        return new Key<>(name, Object.class, null);
    }

    /** The key's name, for logs and error messages. */
    public String name() {
        return name;
    }

    /** The declared value class ({@code Object} for {@link #named} keys). */
    public Class<?> type() {
        return type;
    }

    /** The full value type, generic arguments included; empty for a {@link #named} key. */
    public java.util.Optional<Type> genericType() {
        return java.util.Optional.ofNullable(genericType);
    }

    @Override
    public String toString() {
        return name;
    }
}
