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
 * <p>{@link #needsRevert} tells the engine whether a given result left anything to undo: a step
 * whose command has no revert, or whose result says that execute changed nothing (a VM that was
 * already off), is not reverted, not listed in {@link ActionFailedException#reverted()} and gets
 * no revert events.
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

    /**
     * Undoes a successful {@link #execute} that returned {@code result}. No-op by default. Called
     * only when {@link #needsRevert needsRevert(result)} is true.
     */
    default void revert(CommandContext ctx, T result) throws Exception {
        // nothing to undo
    }

    /**
     * Whether a successful {@link #execute} that returned {@code result} left something for
     * {@link #revert} to undo. When false the engine skips the step on revert: it does not call
     * {@link #revert}, does not list the step in {@link ActionFailedException#reverted()}, emits no
     * revert events for it and does not journal it.
     *
     * <p>By default true exactly when this command's class overrides {@link #revert} (decided once
     * per class): a command with the no-op default, such as a lambda, has nothing to undo. A command
     * whose result can say that execute changed nothing overrides this; it must return true
     * whenever its revert could change anything.
     *
     * <pre>{@code
     * public boolean needsRevert(Boolean started) { return started; } // false: it was already running
     * }</pre>
     */
    default boolean needsRevert(T result) {
        return RevertOverride.declaredBy(getClass());
    }

    /**
     * Undoes what a failed {@link #execute} may have done all the same: a call whose reply was lost
     * after the hypervisor acted (the domain was made, the answer never came), or a command that
     * failed half-way. The engine calls it for the step that failed, before it reverts the steps
     * before it, through the action's revert retry, as TaskFlow reverts the failed task too; a
     * failure of it is reported as the step's failed revert ({@link ActionFailedException#revertFailures()}).
     * It must check before it undoes (the failed call may have done nothing) and be idempotent.
     * No-op by default: a command whose failure leaves nothing keeps it.
     *
     * <pre>{@code
     * public void revertFailed(CommandContext ctx, Throwable failure) {
     *     driver.lookup(name).filter(d -> d.uuid().equals(uuid)).ifPresent(d -> driver.undefine(name));
     * }
     * }</pre>
     *
     * @param failure why execute failed
     */
    default void revertFailed(CommandContext ctx, Throwable failure) throws Exception {
        // a failed execute left nothing
    }

    /**
     * Whether {@link #revertFailed} is to run after {@code failure}: by default exactly when this
     * command's class has one of its own (decided once per class). A command that knows a failure
     * left nothing (the hypervisor refused the call outright) says false for it. Only when true is
     * the step reverted (with revert events) and listed among the reverted or failed reverts.
     */
    default boolean undoesFailure(Throwable failure) {
        return RevertOverride.undoesFailures(getClass());
    }

    /**
     * Whether {@link #execute} can change anything outside this process (a hypervisor, a file, a
     * database): true by default. A command that only reads, or changes only this process's memory
     * (the resource model), says false; a durable journal then need not make its start durable
     * before it runs (nothing of it outlives a crash), which saves a commit per such step.
     */
    default boolean effects() {
        return true;
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
     * Gives a command (typically a lambda) a name for events and logs; its revert,
     * {@link #needsRevert} and {@link #revertFailed} are kept.
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
            public boolean needsRevert(T result) {
                return command.needsRevert(result);
            }

            @Override
            public void revertFailed(CommandContext ctx, Throwable failure) throws Exception {
                command.revertFailed(ctx, failure);
            }

            @Override
            public boolean undoesFailure(Throwable failure) {
                return command.undoesFailure(failure);
            }

            @Override
            public boolean effects() {
                return command.effects();
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    /**
     * A command (typically a lambda) named {@code name} that only reads or changes this process's
     * memory: {@link #effects} false.
     *
     * <pre>{@code
     * Command<Optional<StoredDefinition>> read = Command.reading("ReadStoredDefinition", ctx -> store.get("web1"));
     * }</pre>
     */
    static <T> Command<T> reading(String name, Command<T> command) {
        Command<T> named = named(name, command);
        return new Command<>() {
            @Override
            public T execute(CommandContext ctx) throws Exception {
                return named.execute(ctx);
            }

            @Override
            public boolean effects() {
                return false;
            }

            @Override
            public String name() {
                return named.name();
            }
        };
    }
}
