package org.iaasengine.powervm.simulator;

/**
 * One answer of the simulator: HTTP status, body (null or empty for none) and etag (null for none).
 *
 * <pre>{@code
 * return new SimResponse(204, null, null);
 * }</pre>
 */
record SimResponse(int status, byte[] body, String etag) {

    /** 204 No Content. */
    static SimResponse noContent() {
        return new SimResponse(204, null, null);
    }
}
