package org.iaasengine.core;

import com.google.common.base.Strings;

/**
 * A caller's value the library refuses, before any side effect: an {@link IllegalArgumentException}
 * (so {@code catch (IllegalArgumentException e)} keeps working) that is
 * {@link FailureCategory#INVALID_INPUT}. Any other {@code IllegalArgumentException} is a bug and
 * classified {@link FailureCategory#INTERNAL}: a CLI exits 1 for it, not 2, and nobody is told to fix
 * an input that was fine.
 *
 * <pre>{@code
 * InvalidInputException.check(memoryMiB >= 16, "memory of vm '%s' must be at least 16 MiB, was %s", name, memoryMiB);
 * throw new InvalidInputException("vm name '" + name + "' is refused");
 * }</pre>
 */
public class InvalidInputException extends IllegalArgumentException implements Categorized {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Throws an {@code InvalidInputException} with the message (Guava's {@code %s} template, as
     * {@code Preconditions.checkArgument} takes it) unless {@code condition} holds.
     */
    public static void check(boolean condition, String template, Object... args) {
        if (!condition) {
            throw new InvalidInputException(Strings.lenientFormat(template, args));
        }
    }

    @Override
    public FailureCategory category() {
        return FailureCategory.INVALID_INPUT;
    }
}
