package org.iaasengine.powervm.rest;

import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;

/**
 * A failed PowerVM REST call or job: the category (from {@link ErrorClassifier}), the HTTP status
 * (0 when there was no HTTP answer), the structured reason code of the server's
 * {@code HttpErrorResponse}, the job status for job failures, and the request path. Messages never
 * contain credentials or session tokens.
 *
 * <pre>{@code
 * try { client.get(path, LogicalPartition.class); }
 * catch (PowerVmException e) { if (e.httpStatus() == 404) ... }
 * }</pre>
 */
public class PowerVmException extends CommandException {
    private static final long serialVersionUID = 1L;
    private final int httpStatus;
    private final String reasonCode;
    private final String jobStatus;
    private final String path;

    public PowerVmException(FailureCategory category, String message, int httpStatus, String reasonCode,
            String jobStatus, String path, Throwable cause) {
        super(category, message, cause);
        this.httpStatus = httpStatus;
        this.reasonCode = reasonCode;
        this.jobStatus = jobStatus;
        this.path = path;
    }

    /** A failure without an HTTP answer (timeout, dropped connection, cancel). */
    public static PowerVmException noAnswer(FailureCategory category, String message, String path, Throwable cause) {
        return new PowerVmException(category, message, 0, null, null, path, cause);
    }

    /** The HTTP status, or 0 when the server did not answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code ReasonCode} of the server's error response, or null. */
    public String reasonCode() {
        return reasonCode;
    }

    /** The job status for a failed job ({@code COMPLETED_WITH_ERROR}...), or null. */
    public String jobStatus() {
        return jobStatus;
    }

    /** The request path (below {@code /rest/api/}), or null. */
    public String path() {
        return path;
    }
}
