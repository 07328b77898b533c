package org.iaasengine.examples.cli;

import org.iaasengine.core.FailureCategory;

/**
 * The exit codes of the {@code iaas} tool: what a script tests after each command.
 *
 * <pre>{@code
 * iaas vm info web1 >/dev/null 2>&1; case $? in 0) echo exists;; 3) echo absent;; *) exit 1;; esac
 * }</pre>
 */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** Any other failure: the host failed or could not be reached, a bug. */
    public static final int FAILURE = 1;
    /** Invalid input: a usage error, a bad value, a name or template the library rejects. */
    public static final int INVALID_INPUT = 2;
    /** The VM, template or host asked for does not exist. */
    public static final int NOT_FOUND = 3;
    /** The state forbids it: the VM already exists, is owned by another action, cannot be suspended while off. */
    public static final int CONFLICT = 4;
    /** A deadline passed (the action's {@code --timeout}, a migration's). */
    public static final int TIMEOUT = 5;

    private ExitCodes() {
    }

    /** The exit code of a failure category. */
    public static int of(FailureCategory category) {
        return switch (category) {
            case INVALID_INPUT -> INVALID_INPUT;
            case NOT_FOUND -> NOT_FOUND;
            case CONFLICT -> CONFLICT;
            case TIMEOUT -> TIMEOUT;
            case TRANSIENT, CANCELLED, INTERNAL -> FAILURE;
        };
    }

    /** The exit code of any failure, classified by {@link FailureCategory#of(Throwable)}. */
    public static int of(Throwable failure) {
        return of(FailureCategory.of(failure));
    }
}
