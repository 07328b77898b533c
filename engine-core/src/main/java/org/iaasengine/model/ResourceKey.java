package org.iaasengine.model;

import java.util.Locale;
import java.util.Objects;
import org.iaasengine.core.InvalidInputException;

/**
 * The resource an action works on, which is also its lane in the engine: actions with the same key
 * run one at a time, in submission order; actions with different keys run in parallel. Its string
 * form ({@code vm:web1}, {@code host:host-a}) is what {@link org.iaasengine.core.Action} carries.
 *
 * <pre>{@code
 * Action<Vm> a = Action.<Vm>builder("start", ResourceKey.vm("web1").toString())...;
 * ResourceKey.parse("host:host-a");   // ResourceKey[kind=HOST, name=host-a]
 * }</pre>
 *
 * @param kind what kind of resource
 * @param name its name in the resource model (a VM's or a host's name)
 */
public record ResourceKey(Kind kind, String name) {

    /** The kinds of resource an action can target. */
    public enum Kind {
        /** A virtual machine ({@code vm:NAME}). */
        VM,
        /** A host ({@code host:NAME}). */
        HOST,
        /** A disk volume ({@code volume:ID}). */
        VOLUME;

        /** The prefix of the string form, {@code vm} or {@code host}. */
        public String prefix() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ResourceKey {
        Objects.requireNonNull(kind, "kind");
        InvalidInputException.check(name != null && !name.isEmpty(), "resource name must not be empty: '%s'", name);
    }

    /** The key of a VM's actions, {@code vm:NAME}. */
    public static ResourceKey vm(String name) {
        return new ResourceKey(Kind.VM, name);
    }

    /** The key of a volume's own actions (create, delete), {@code volume:ID}. */
    public static ResourceKey volume(String id) {
        return new ResourceKey(Kind.VOLUME, id);
    }

    /** The key of a host's actions, {@code host:NAME}. */
    public static ResourceKey host(String name) {
        return new ResourceKey(Kind.HOST, name);
    }

    /**
     * Reads the string form.
     *
     * @throws IllegalArgumentException naming the text when it has no known prefix or no name
     */
    public static ResourceKey parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        InvalidInputException.check(colon > 0, "resource key '%s' is not KIND:NAME", text);
        String prefix = text.substring(0, colon);
        for (Kind k : Kind.values()) {
            if (k.prefix().equals(prefix)) {
                return new ResourceKey(k, text.substring(colon + 1));
            }
        }
        throw new InvalidInputException("resource key '" + text + "' has an unknown kind '" + prefix
                + "' (known: vm, host, volume)");
    }

    /** The string form, {@code vm:web1} or {@code host:host-a}: the engine's lane. */
    @Override
    public String toString() {
        return kind.prefix() + ":" + name;
    }
}
