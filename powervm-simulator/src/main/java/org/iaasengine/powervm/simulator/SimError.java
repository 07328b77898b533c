package org.iaasengine.powervm.simulator;

/**
 * An error answer: the HTTP front turns it into an HttpErrorResponse body with this status and
 * reason code.
 *
 * <pre>{@code
 * throw new SimError(409, "Conflict", "a partition named web1 exists");
 * LogicalPartition l = SimError.found(lpars.get(id), "LogicalPartition", id);   // 404 if null
 * }</pre>
 */
final class SimError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String reason;

    SimError(int status, String reason, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
    }

    /** {@code value}, or 404 "type id does not exist" when it is null. */
    static <T> T found(T value, String type, String id) {
        if (value == null) {
            throw new SimError(404, "Not Found", type + " " + id + " does not exist");
        }
        return value;
    }

    /** 400 Bad Request. */
    static SimError badRequest(String message) {
        return new SimError(400, "Bad Request", message);
    }

    /** 409 Conflict. */
    static SimError conflict(String message) {
        return new SimError(409, "Conflict", message);
    }

    /** 404 Not Found. */
    static SimError notFound(String message) {
        return new SimError(404, "Not Found", message);
    }
}
