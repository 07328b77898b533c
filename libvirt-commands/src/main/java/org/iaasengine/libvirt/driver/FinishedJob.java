package org.iaasengine.libvirt.driver;

import java.util.Objects;

/**
 * A domain's last finished job as libvirt keeps it ({@code virDomainGetJobStats} with
 * {@code VIR_DOMAIN_JOB_STATS_COMPLETED}, {@code virsh domjobinfo --completed}): what it was and how
 * it ended. libvirt keeps one; reading it removes it.
 *
 * @param operation what the job did
 * @param outcome   how it ended
 * @param error     libvirt's message when it failed, else empty
 */
public record FinishedJob(Operation operation, Outcome outcome, String error) {
    public FinishedJob {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(outcome, "outcome");
        error = error == null ? "" : error;
    }

    /** {@code virDomainJobOperation}. */
    public enum Operation {
        UNKNOWN, START, SAVE, RESTORE, MIGRATION_IN, MIGRATION_OUT, SNAPSHOT, SNAPSHOT_REVERT, DUMP, BACKUP,
        SNAPSHOT_DELETE;

        /** The operation of libvirt's code; UNKNOWN for a code this library does not know. */
        public static Operation ofCode(int code) {
            return code >= 0 && code < values().length ? values()[code] : UNKNOWN;
        }
    }

    /** {@code virDomainJobType} of a finished job. */
    public enum Outcome {
        COMPLETED(3), FAILED(4), CANCELLED(5);

        private final int code;

        Outcome(int code) {
            this.code = code;
        }

        /** The outcome of libvirt's job type code; null for a job that has not finished (0, 1, 2). */
        public static Outcome ofCode(int code) {
            for (Outcome o : values()) {
                if (o.code == code) {
                    return o;
                }
            }
            return null;
        }
    }

    /** True if this is a backup that completed. */
    public boolean backupCompleted() {
        return operation == Operation.BACKUP && outcome == Outcome.COMPLETED;
    }
}
