package org.iaasengine.core;


/**
 * Whether a command class has a revert of its own, for {@link Command#needsRevert}'s default: the
 * one thing Java does not let an interface see without reflection is whether a default method was
 * overridden. Looked up once per class (a lambda's class never overrides it).
 */
final class RevertOverride {
    private static final ClassValue<Boolean> DECLARED = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                // A class that overrides revert(ctx, SomeType) also has the erased bridge revert(ctx, Object).
                return type.getMethod("revert", CommandContext.class, Object.class).getDeclaringClass()
                        != Command.class;
            } catch (NoSuchMethodException impossible) {
                return true; // every Command has it; if not, assume a revert rather than skip one
            }
        }
    };

    private static final ClassValue<Boolean> UNDOES_FAILURES = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("revertFailed", CommandContext.class, Throwable.class).getDeclaringClass()
                        != Command.class;
            } catch (NoSuchMethodException impossible) {
                return false;
            }
        }
    };

    private RevertOverride() {
    }

    /** True when {@code type} (a Command class) or a superclass of it overrides {@link Command#revert}. */
    static boolean declaredBy(Class<?> type) {
        return DECLARED.get(type);
    }

    /** True when {@code type} (a Command class) or a superclass of it overrides {@link Command#revertFailed}. */
    static boolean undoesFailures(Class<?> type) {
        return UNDOES_FAILURES.get(type);
    }
}
