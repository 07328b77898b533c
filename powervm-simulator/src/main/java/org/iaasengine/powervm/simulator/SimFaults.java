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
 * sim.faults().loseReply("PUT", "ClientNetworkAdapter$", 1);     // the adapter is made, the answer lost
 * sim.faults().atRequest(7, SimFaults.Kind.LOST_REPLY);          // the 7th request from now
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
        /** The connection is closed without an answer, before the request takes effect. */
        DROP,
        /**
         * The request takes effect (an object is made, changed or deleted, a job starts), then the
         * connection is closed without an answer: the client cannot tell it from {@link #DROP}, and a
         * retry of a request that did take effect makes a duplicate unless the client checks.
         */
        LOST_REPLY
    }

    /** A fault on requests that match, after {@code skip} matching requests have gone by. */
    record RequestFault(String method, Pattern path, Kind kind, AtomicInteger left, AtomicInteger skip) {
        RequestFault(String method, Pattern path, Kind kind, AtomicInteger left) {
            this(method, path, kind, left, new AtomicInteger());
        }

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
    private final Map<Kind, AtomicInteger> fired = new java.util.concurrent.ConcurrentHashMap<>();

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

    /** The next {@code times} matching requests take effect, then lose their answer (see {@link Kind#LOST_REPLY}). */
    public SimFaults loseReply(String method, String pathRegex, int times) {
        return add(new RequestFault(method, Pattern.compile(pathRegex), Kind.LOST_REPLY, new AtomicInteger(times)));
    }

    /**
     * The {@code n}-th uom request from now (1: the next; event reads do not count) meets
     * {@code kind}, whatever it is: how a test puts one fault at every call an action makes.
     */
    public SimFaults atRequest(int n, Kind kind) {
        if (n < 1) {
            throw new IllegalArgumentException("n counts from 1, was " + n);
        }
        return add(new RequestFault(null, Pattern.compile("^(?!Event)"), kind, new AtomicInteger(1),
                new AtomicInteger(n - 1)));
    }

    /** How many faults of {@code kind} have fired. */
    public int fired(Kind kind) {
        AtomicInteger n = fired.get(kind);
        return n == null ? 0 : n.get();
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

    /** Removes every fault (the counts of faults fired stay). */
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
        Optional<Kind> taken = Optional.empty();
        for (RequestFault f : requestFaults) {
            if (!f.matches(method, path)) {
                continue;
            }
            if (f.skip().get() > 0) {
                f.skip().decrementAndGet(); // this request goes by: it counts toward the n-th
                continue;
            }
            if (taken.isEmpty() && f.left().getAndDecrement() > 0) {
                taken = Optional.of(f.kind());
                fired.computeIfAbsent(f.kind(), k -> new AtomicInteger()).incrementAndGet();
            }
        }
        return taken;
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
