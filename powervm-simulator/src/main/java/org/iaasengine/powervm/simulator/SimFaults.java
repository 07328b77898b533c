package org.iaasengine.powervm.simulator;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.iaasengine.powervm.rest.JobStatus;

/**
 * The faults a test injects into a {@link PowerVmSimulator}. Each fault matches requests by HTTP
 * method ({@code null} for any) and a regular expression found in the path below
 * {@code /rest/api/uom/}, and fires a given number of times, in the order faults were added.
 *
 * <pre>{@code
 * sim.faults().etagConflict("VirtualIOServer/.*", 1);          // the next VIOS update gets 412
 * sim.faults().viosBusy("POST", "VolumeGroup", 2);              // two HTTP 500 "VIOS busy"
 * sim.faults().drop("PUT", "LogicalPartition$", 1);             // connection dropped, no answer
 * sim.faults().failJob("PowerOn", JobStatus.COMPLETED_WITH_ERROR, 1);
 * sim.faults().holdJobs("PowerOff");                            // runs until cancelled
 * }</pre>
 */
public final class SimFaults {

    /** What a request fault does. */
    public enum Kind {
        /** The target's etag changes just before the request (a concurrent writer): If-Match gives 412. */
        ETAG_CONFLICT,
        /** HTTP 500 with an HttpErrorResponse as a busy VIOS gives. */
        VIOS_BUSY,
        /** HTTP 500 on an object no VIOS serves. */
        INTERNAL_ERROR,
        /** The connection is closed without an answer. */
        DROP
    }

    record RequestFault(String method, Pattern path, Kind kind, AtomicInteger left) {
        boolean matches(String m, String p) {
            return (method == null || method.equalsIgnoreCase(m)) && path.matcher(p).find() && left.get() > 0;
        }
    }

    record JobFault(String operation, String param, String value, JobStatus status, AtomicInteger left) {
        boolean matches(String op, Map<String, String> params) {
            return operation.equals(op) && (param == null || value.equals(params.get(param))) && left.get() > 0;
        }
    }

    private final List<RequestFault> requestFaults = new CopyOnWriteArrayList<>();
    private final List<JobFault> jobFaults = new CopyOnWriteArrayList<>();
    private final List<String> heldOperations = new CopyOnWriteArrayList<>();

    SimFaults() {
    }

    /** The next {@code times} updates matching {@code pathRegex} meet a concurrent change (HTTP 412). */
    public SimFaults etagConflict(String pathRegex, int times) {
        return add(new RequestFault("POST", Pattern.compile(pathRegex), Kind.ETAG_CONFLICT, new AtomicInteger(times)));
    }

    /** The next {@code times} matching requests get HTTP 500 "VIOS busy". */
    public SimFaults viosBusy(String method, String pathRegex, int times) {
        return add(new RequestFault(method, Pattern.compile(pathRegex), Kind.VIOS_BUSY, new AtomicInteger(times)));
    }

    /** The next {@code times} matching requests get HTTP 500 with a generic internal error. */
    public SimFaults internalError(String method, String pathRegex, int times) {
        return add(new RequestFault(method, Pattern.compile(pathRegex), Kind.INTERNAL_ERROR,
                new AtomicInteger(times)));
    }

    /** The next {@code times} matching requests have their connection dropped before any answer. */
    public SimFaults drop(String method, String pathRegex, int times) {
        return add(new RequestFault(method, Pattern.compile(pathRegex), Kind.DROP, new AtomicInteger(times)));
    }

    /**
     * The next {@code times} jobs of {@code operation} end with {@code status} (COMPLETED_WITH_ERROR
     * or COMPLETED_WITH_WARNINGS: the ends other than success the API has) and change nothing.
     */
    public SimFaults failJob(String operation, JobStatus status, int times) {
        jobFaults.add(new JobFault(operation, null, null, realEnd(status), new AtomicInteger(times)));
        return this;
    }

    /** Like {@link #failJob(String, JobStatus, int)} for jobs whose parameter {@code param} is {@code value}. */
    public SimFaults failJob(String operation, String param, String value, JobStatus status, int times) {
        jobFaults.add(new JobFault(operation, param, value, realEnd(status), new AtomicInteger(times)));
        return this;
    }

    private static JobStatus realEnd(JobStatus status) {
        if (status != JobStatus.COMPLETED_WITH_ERROR && status != JobStatus.COMPLETED_WITH_WARNINGS) {
            throw new IllegalArgumentException("a job does not end " + status + " on the API; use "
                    + "COMPLETED_WITH_ERROR or COMPLETED_WITH_WARNINGS");
        }
        return status;
    }

    /** Jobs of {@code operation} stay RUNNING until cancelled or {@link #releaseJobs(String)}. */
    public SimFaults holdJobs(String operation) {
        heldOperations.add(operation);
        return this;
    }

    /** Lets held jobs of {@code operation} finish at their next poll. */
    public SimFaults releaseJobs(String operation) {
        heldOperations.remove(operation);
        return this;
    }

    /** Removes every fault. */
    public void clear() {
        requestFaults.clear();
        jobFaults.clear();
        heldOperations.clear();
    }

    private SimFaults add(RequestFault f) {
        requestFaults.add(f);
        return this;
    }

    Optional<Kind> takeRequestFault(String method, String path) {
        for (RequestFault f : requestFaults) {
            if (f.matches(method, path) && f.left().getAndDecrement() > 0) {
                return Optional.of(f.kind());
            }
        }
        return Optional.empty();
    }

    Optional<JobStatus> takeJobFault(String operation, Map<String, String> params) {
        for (JobFault f : jobFaults) {
            if (f.matches(operation, params) && f.left().getAndDecrement() > 0) {
                return Optional.of(f.status());
            }
        }
        return Optional.empty();
    }

    boolean isHeld(String operation) {
        return heldOperations.contains(operation);
    }
}
