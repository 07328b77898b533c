package org.iaasengine.powervm.rest;

/**
 * The status of a PowerVM job, from {@code <Status>} of a JobResponse: the five the API has. A job
 * is NOT_STARTED when the PUT that creates it answers, RUNNING while it runs, and ends
 * COMPLETED_OK, COMPLETED_WITH_WARNINGS or COMPLETED_WITH_ERROR.
 *
 * <pre>{@code
 * JobStatus s = JobStatus.of(response.status);
 * if (s.isDone() && !s.isSuccess()) ...
 * }</pre>
 */
public enum JobStatus {
    NOT_STARTED, RUNNING, COMPLETED_OK, COMPLETED_WITH_WARNINGS, COMPLETED_WITH_ERROR;

    /** Parses a status; an unknown or missing one counts as RUNNING (poll again). */
    public static JobStatus of(String s) {
        if (s == null) {
            return RUNNING;
        }
        try {
            return valueOf(s.trim());
        } catch (IllegalArgumentException e) {
            return RUNNING;
        }
    }

    /** True for the three final states. */
    public boolean isDone() {
        return this != NOT_STARTED && this != RUNNING;
    }

    /** True for COMPLETED_OK and COMPLETED_WITH_WARNINGS. */
    public boolean isSuccess() {
        return this == COMPLETED_OK || this == COMPLETED_WITH_WARNINGS;
    }
}
