package org.iaasengine.core.exec;

import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;

/**
 * Why a process gave no result: it could not start, its watchdog killed it, the calling thread
 * was interrupted (it was killed), its output could not be read, or the runner was closed. The
 * {@link #kind()} lets a caller (the virsh driver) word its own message; the category follows it.
 */
public final class ProcessFailure extends CommandException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, and its failure category. */
    public enum Kind {
        /** The program could not be started (not found, not executable): INTERNAL. */
        NOT_STARTED(FailureCategory.INTERNAL),
        /** It ran past its timeout and the watchdog killed it: TIMEOUT. */
        TIMED_OUT(FailureCategory.TIMEOUT),
        /** The waiting thread was interrupted; the process was killed: CANCELLED. */
        INTERRUPTED(FailureCategory.CANCELLED),
        /** Its output could not be read to the end: INTERNAL. */
        OUTPUT_FAILED(FailureCategory.INTERNAL),
        /** The runner was closed (before the call, or under it: the process was killed): CANCELLED. */
        CLOSED(FailureCategory.CANCELLED);

        private final FailureCategory category;

        Kind(FailureCategory category) {
            this.category = category;
        }

        /** The failure category of this kind. */
        public FailureCategory category() {
            return category;
        }
    }

    private final Kind kind;

    ProcessFailure(Kind kind, String message, Throwable cause) {
        super(kind.category(), message, cause);
        this.kind = kind;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }
}
