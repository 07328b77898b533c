package org.iaasengine.powervm.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iaasengine.powervm.rest.JobStatus;
import org.iaasengine.powervm.xml.PowerVmXml;
import org.iaasengine.powervm.xml.web.JobParameter;
import org.iaasengine.powervm.xml.web.JobRequest;
import org.iaasengine.powervm.xml.web.JobResponse;

/**
 * The REST jobs: {@code GET .../do/<op>} (the request template), {@code PUT .../do/<op>} (start),
 * {@code GET jobs/<id>} (a status poll, which advances the job), {@code POST|PUT jobs/<id>/cancel}
 * and {@code DELETE jobs/<id>}. As on an HMC, the PUT answers NOT_STARTED, the first poll sees the job
 * RUNNING, and it stays RUNNING for the configured number of polls (steps of the simulator's
 * clock, {@link #tick()}: one per request; or while
 * {@link SimFaults#holdJobs(String)} holds it), then ends COMPLETED_OK, or COMPLETED_WITH_ERROR (an
 * injected failure, or what {@link JobEffects} refuses), or COMPLETED_WITH_WARNINGS when injected.
 *
 * <pre>{@code
 * SimResponse started = jobs.start("PUT", "LogicalPartition", lparUuid, "PowerOn", body);
 * SimResponse polled = jobs.handle("GET", "jobs/1700000000005".split("/"));
 * }</pre>
 */
final class Jobs {
    private static final Set<String> LPAR_OPS = Set.of("PowerOn", "PowerOff", "MigrateValidate", "Migrate",
            "MigrateAbort");

    private final SimState state;
    private final AtomAnswers answers;
    private final SimFaults faults;
    private final JobEffects effects;
    private final int jobPolls;
    private final Map<String, SimJob> jobs = new LinkedHashMap<>();
    private final List<String> cancelledJobs = new CopyOnWriteArrayList<>();
    /** The ids of jobs whose start answer was lost, in the order they started. */
    private final List<String> unanswered = new CopyOnWriteArrayList<>();
    private String lastStarted;

    private static final class SimJob {
        final String id;
        final String operation;
        final String group;
        final String target;
        final Map<String, String> params;
        JobStatus status = JobStatus.NOT_STARTED;
        int pollsLeft;
        int polls;
        String result = "";

        SimJob(String id, String operation, String group, String target, Map<String, String> params, int polls) {
            this.id = id;
            this.operation = operation;
            this.group = group;
            this.target = target;
            this.params = params;
            this.pollsLeft = polls;
        }
    }

    Jobs(SimState state, AtomAnswers answers, SimFaults faults, JobEffects effects, int jobPolls) {
        this.state = state;
        this.answers = answers;
        this.faults = faults;
        this.effects = effects;
        this.jobPolls = jobPolls;
    }

    /** The ids of jobs a client cancelled. */
    List<String> cancelled() {
        return List.copyOf(cancelledJobs);
    }

    /** The id of the job started last, or null (under the state's lock). */
    String lastStarted() {
        return lastStarted;
    }

    /** Notes that the start answer of job {@code id} was lost: its client never learned its id. */
    void unanswered(String id) {
        unanswered.add(id);
    }

    /** The ids of jobs whose start answer was lost. */
    List<String> unanswered() {
        return List.copyOf(unanswered);
    }

    /** The jobs not finished, as {@code operation:id}. */
    List<String> running() {
        return jobs.values().stream().filter(j -> !j.status.isDone()).map(j -> j.operation + ":" + j.id).toList();
    }

    /** {@code <group>/<target>/do/<op>}: GET gives the template, PUT starts the job. */
    SimResponse start(String method, String group, String target, String op, byte[] body) {
        if (!group.equals("LogicalPartition") || !LPAR_OPS.contains(op)) {
            throw SimError.notFound("no operation " + op + " on " + group);
        }
        if (method.equals("GET")) {
            return answers.webTemplate("JobRequest", JobRequest.template(op, group));
        }
        if (!method.equals("PUT")) {
            throw new SimError(405, "Method Not Allowed", method + " on a job");
        }
        JobRequest req = PowerVmXml.unmarshal(body, JobRequest.class);
        Map<String, String> params = new LinkedHashMap<>();
        for (JobParameter p : req.parameters.parameters) {
            params.put(p.name, p.value);
        }
        String id = Long.toString(state.tick());
        SimJob job = new SimJob(id, op, group, target, params, jobPolls);
        jobs.put(id, job);
        lastStarted = id;
        if (op.equals("MigrateAbort")) {
            jobs.values().stream().filter(j -> j.operation.equals("Migrate") && j.target.equals(target)
                    && !j.status.isDone()).forEach(j -> {
                        j.status = JobStatus.COMPLETED_WITH_ERROR;
                        j.result = "HSCLA27C The migration was stopped by an abort request.";
                    });
        }
        return entry(job);
    }

    /** {@code jobs/<id>[/cancel]}: a poll, a cancel or a delete. */
    SimResponse handle(String method, String[] s) {
        if (s.length < 2) {
            throw SimError.notFound("no job id");
        }
        SimJob job = SimError.found(jobs.get(s[1]), "Job", s[1]);
        if (s.length == 3 && s[2].equals("cancel") && (method.equals("POST") || method.equals("PUT"))) {
            cancelledJobs.add(job.id);
            if (!job.status.isDone()) {
                job.status = JobStatus.COMPLETED_WITH_ERROR;
                job.result = "The job was cancelled.";
            }
            return new SimResponse(200, null, null);
        }
        if (method.equals("DELETE")) {
            jobs.remove(job.id);
            return SimResponse.noContent();
        }
        return entry(job); // the request's tick has moved it already
    }

    /**
     * One step of the simulator's clock: every unfinished job moves on, whether or not its client
     * polls it (a job whose start answer was lost runs all the same, as on an HMC). Each request
     * but the event reads is one step, taken before the request is handled; so a job a client
     * polls, and nothing else runs, moves once per poll.
     */
    void tick() {
        for (SimJob job : List.copyOf(jobs.values())) {
            advance(job);
        }
    }

    private void advance(SimJob job) {
        if (job.status.isDone()) {
            return;
        }
        job.polls++;
        if (job.status == JobStatus.NOT_STARTED) {
            job.status = JobStatus.RUNNING;
        }
        if (faults.isHeld(job.operation)) {
            return;
        }
        if (job.pollsLeft > 0) {
            job.pollsLeft--;
            return;
        }
        Optional<JobStatus> forced = faults.takeJobFault(job.operation, job.params);
        if (forced.isPresent()) {
            job.status = forced.get();
            job.result = "HSCL0000 Simulated failure of " + job.operation + ".";
            return;
        }
        String error = effects.apply(job.operation, job.target, job.params);
        job.status = error == null ? JobStatus.COMPLETED_OK : JobStatus.COMPLETED_WITH_ERROR;
        job.result = error == null ? "" : error;
    }

    private SimResponse entry(SimJob job) {
        JobResponse r = new JobResponse();
        r.requestUrl = new JobResponse.RequestUrl();
        r.requestUrl.href = job.group + "/" + job.target + "/do/" + job.operation;
        r.targetUuid = job.target;
        r.jobId = job.id;
        r.timeStarted = state.now();
        r.status = job.status.name();
        r.request = JobRequest.template(job.operation, job.group);
        job.params.forEach(r.request::parameter);
        r.progress = new JobResponse.Progress();
        r.progress.linearProgress = job.status.isDone() ? 1.0 : Math.min(0.9, job.polls / (double) (jobPolls + 2));
        r.timeStarted = job.status == JobStatus.NOT_STARTED ? null : r.timeStarted;
        if (job.status.isDone()) {
            r.timeCompleted = state.now();
            r.addResult("returnCode", job.status.isSuccess() ? "0" : "1");
            if (!job.result.isEmpty()) {
                r.addResult("result", job.result);
            }
        }
        return answers.entry("JobResponse", job.id, state.href("jobs", job.id), r, true);
    }
}
