package org.iaasengine.powervm.simulator;

/**
 * One answer of the simulator: HTTP status, body (null or empty for none), etag (null for none)
 * and content type: Atom for objects, feeds and errors; plain XML for job templates and job
 * responses, as on an HMC.
 *
 * <pre>{@code
 * return new SimResponse(204, null, null);
 * }</pre>
 */
record SimResponse(int status, byte[] body, String etag, String contentType) {
    static final String ATOM = "application/atom+xml";
    static final String XML = "application/xml";

    /** An Atom answer. */
    SimResponse(int status, byte[] body, String etag) {
        this(status, body, etag, ATOM);
    }

    /** 204 No Content. */
    static SimResponse noContent() {
        return new SimResponse(204, null, null);
    }
}
