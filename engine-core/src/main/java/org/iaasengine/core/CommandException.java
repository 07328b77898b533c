package org.iaasengine.core;

import java.util.Objects;

/**
 * The failure a command throws: a category and a message that names the bad value or the failed
 * call, with the cause kept.
 *
 * <pre>{@code
 * throw new CommandException(FailureCategory.NOT_FOUND, "domain 'web1' not found on qemu:///system");
 * }</pre>
 */
public class CommandException extends RuntimeException implements Categorized {
    private static final long serialVersionUID = 1L;
    private final FailureCategory category;

    public CommandException(FailureCategory category, String message) {
        this(category, message, null);
    }

    public CommandException(FailureCategory category, String message, Throwable cause) {
        super(message, cause);
        this.category = Objects.requireNonNull(category, "category");
    }

    /** An {@link FailureCategory#INVALID_INPUT} failure. */
    public static CommandException invalid(String message) {
        return new CommandException(FailureCategory.INVALID_INPUT, message);
    }

    /** A {@link FailureCategory#NOT_FOUND} failure. */
    public static CommandException notFound(String message) {
        return new CommandException(FailureCategory.NOT_FOUND, message);
    }

    @Override
    public FailureCategory category() {
        return category;
    }
}
