package org.iaasengine.core;

/**
 * One small, typed operation against a hypervisor: copy a template, define a domain, power on an
 * LPAR. Immutable; inputs are constructor arguments or results of earlier steps read from the
 * context by {@link Key}.
 *
 * <p>{@link #revert} undoes a successful {@link #execute}: the engine calls it, in reverse order,
 * only for commands that succeeded, when a later step fails, the action is cancelled or its
 * deadline passes. A revert should be idempotent; a command without side effects keeps the no-op
 * default.
 *
 * <pre>{@code
 * final class MakeDir implements Command<Path> {
 *     private final Path dir;
 *     MakeDir(Path dir) { this.dir = dir; }
 *     public Path execute(CommandContext ctx) throws IOException { return Files.createDirectory(dir); }
 *     public void revert(CommandContext ctx, Path created) throws IOException { Files.deleteIfExists(created); }
 * }
 * }</pre>
 *
 * @param <T> the type of the result
 */
public interface Command<T> {

    /** Does the work and returns its typed result (which may be null). */
    T execute(CommandContext ctx) throws Exception;

    /** Undoes a successful {@link #execute} that returned {@code result}. No-op by default. */
    default void revert(CommandContext ctx, T result) throws Exception {
        // nothing to undo
    }

    /**
     * A name for events and logs: the class's simple name, or "command" for a lambda or an
     * anonymous class (give those a name with {@link #named}).
     */
    default String name() {
        Class<?> c = getClass();
        if (c.isHidden() || c.isAnonymousClass() || c.isSynthetic() || c.getSimpleName().isEmpty()) {
            return "command";
        }
        return c.getSimpleName();
    }

    /**
     * Gives a command (typically a lambda) a name for events and logs; its revert is kept.
     *
     * <pre>{@code
     * Command<String> hello = Command.named("hello", ctx -> "hi");
     * }</pre>
     */
    static <T> Command<T> named(String name, Command<T> command) {
        com.google.common.base.Preconditions.checkArgument(name != null && !name.isBlank(),
                "command name must not be blank: '%s'", name);
        java.util.Objects.requireNonNull(command, "command");
        return new Command<>() {
            @Override
            public T execute(CommandContext ctx) throws Exception {
                return command.execute(ctx);
            }

            @Override
            public void revert(CommandContext ctx, T result) throws Exception {
                command.revert(ctx, result);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }
}
