package org.iaasengine.powervm.rest;

import java.util.Set;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.xml.web.HttpErrorResponse;

/**
 * Classifies PowerVM failures into {@link FailureCategory} by code, never by the text of a
 * message.
 *
 * <ul>
 *   <li>HTTP 400 → INVALID_INPUT; 401, 403 → INVALID_INPUT (credentials refused, after one
 *       re-logon); 404, 410 → NOT_FOUND; 409, 412 → CONFLICT (412 is handled first by a re-read and
 *       retry, see {@link PowerVmClient#modify}); 408, 504 → TIMEOUT; 503 → TRANSIENT.</li>
 *   <li><b>VIOS busy.</b> When a Virtual I/O Server's command handler is busy, the HMC answers
 *       HTTP 500 with an {@code HttpErrorResponse} whose only structured facts are
 *       {@code HTTPStatus} 500, a generic {@code ReasonCode} and the {@code RequestURI}. So a 500
 *       is TRANSIENT when the structured {@code RequestURI} (or, if absent, the request path) names
 *       an object the VIOS serves: a {@code VirtualIOServer}, {@code VolumeGroup},
 *       {@code SharedStoragePool}, {@code Cluster}, {@code Tier} or {@code VirtualMediaRepository}
 *       (these requests are safe to repeat: a failed one changed nothing). Any other 500 is
 *       INTERNAL. The {@code Message} text is logged, never parsed.</li>
 *   <li>Jobs: {@code COMPLETED_WITH_ERROR} (the only failed end the API has) → INTERNAL; a job past
 *       its deadline → TIMEOUT, a cancelled one → CANCELLED. Commands that know a failed job means
 *       a refusal say so themselves (a failed MigrateValidate is CONFLICT).</li>
 * </ul>
 *
 * <pre>{@code
 * FailureCategory c = ErrorClassifier.classify(500, error, "SharedStoragePool/abc");  // TRANSIENT
 * }</pre>
 */
public final class ErrorClassifier {
    /** The object types whose requests the HMC forwards to a VIOS (path segments). */
    public static final Set<String> VIOS_SERVED = Set.of("VirtualIOServer", "VolumeGroup", "SharedStoragePool",
            "Cluster", "Tier", "VirtualMediaRepository");

    private ErrorClassifier() {
    }

    /** The category of an HTTP error answer; {@code error} and {@code path} may be null. */
    public static FailureCategory classify(int status, HttpErrorResponse error, String path) {
        switch (status) {
            case 400, 401, 403:
                return FailureCategory.INVALID_INPUT;
            case 404, 410:
                return FailureCategory.NOT_FOUND;
            case 409, 412:
                return FailureCategory.CONFLICT;
            case 408, 504:
                return FailureCategory.TIMEOUT;
            case 503:
                return FailureCategory.TRANSIENT;
            case 500:
                String uri = error != null && error.requestUri != null ? error.requestUri : path;
                return isViosServed(uri) ? FailureCategory.TRANSIENT : FailureCategory.INTERNAL;
            default:
                return status >= 500 ? FailureCategory.INTERNAL : FailureCategory.INVALID_INPUT;
        }
    }

    /** The category of a finished job that did not succeed. */
    public static FailureCategory classifyJob(JobStatus status) {
        return FailureCategory.INTERNAL;
    }

    /** True when a path segment of {@code uri} is one of {@link #VIOS_SERVED}. */
    static boolean isViosServed(String uri) {
        if (uri == null) {
            return false;
        }
        String p = uri;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        for (String segment : p.split("/")) {
            if (VIOS_SERVED.contains(segment)) {
                return true;
            }
        }
        return false;
    }
}
