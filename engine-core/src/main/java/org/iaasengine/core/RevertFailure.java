package org.iaasengine.core;

import java.util.Objects;

/**
 * A revert that failed: which step could not be undone, and why.
 *
 * @param step  the name of the step whose revert failed
 * @param cause the failure
 */
public record RevertFailure(String step, Throwable cause) {
    public RevertFailure {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(cause, "cause");
    }

    @Override
    public String toString() {
        return step + ": " + cause;
    }
}
