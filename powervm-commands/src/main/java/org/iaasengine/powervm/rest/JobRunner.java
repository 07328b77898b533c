package org.iaasengine.powervm.rest;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Poll;
import org.iaasengine.core.Retry;
import org.iaasengine.core.spi.TaskScheduler;
import org.iaasengine.powervm.xml.PowerVmXml;
import org.iaasengine.powervm.xml.atom.AtomEntry;
import org.iaasengine.powervm.xml.schema.Namespaces;
import org.iaasengine.powervm.xml.web.JobRequest;
import org.iaasengine.powervm.xml.web.JobResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job of {@link PowerVmClient#runJob}, run to its end: the template, the PUT that starts it, and
 * the status polls, which go through {@link Poll} on the job's scheduler (the command's, else the
 * client's): one look at once, then one every {@link PowerVmConfig#jobPollInterval()} until the job
 * is done or its time is up. No thread sleeps; the calling thread parks between looks.
 */
final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PowerVmClient.class);

    private final PowerVmClient client;
    private final Duration pollInterval;

    JobRunner(PowerVmClient client, Duration pollInterval) {
        this.client = client;
        this.pollInterval = pollInterval;
    }

    /** The JobRequest template of {@code operation} on the object at {@code path}. */
    JobRequest template(String path, String operation) {
        String p = path + "/do/" + operation;
        HttpResponse<byte[]> resp = client.send("GET", p, null, null, PowerVmClient.ATOM, null,
                client.config().requestTimeout(), true);
        client.expect(resp, p, "read job template " + operation, 200);
        return PowerVmXml.unmarshal(resp.body(), AtomEntry.class).content(JobRequest.class);
    }

    /** PUTs a job request; the exchange is not interrupted, so that the job's id is always learned. */
    private JobResponse start(String jobPath, JobRequest request, String operation) {
        HttpResponse<byte[]> resp = client.send("PUT", jobPath, PowerVmXml.marshal(request),
                Namespaces.webType("JobRequest"), PowerVmClient.ATOM, null, client.config().requestTimeout(), false);
        client.expect(resp, jobPath, "start job " + operation, 200);
        return PowerVmXml.unmarshal(resp.body(), AtomEntry.class).content(JobResponse.class);
    }

    /** Asks the server to cancel a job (best effort: a failure is logged). */
    void cancel(String jobId) {
        boolean interrupted = Thread.interrupted();
        try {
            HttpResponse<byte[]> r = client.send("POST", "jobs/" + jobId + "/cancel", new byte[0], PowerVmClient.ATOM,
                    PowerVmClient.ATOM, null, client.config().requestTimeout(), true);
            LOG.info("cancel of job {} answered {}", jobId, r.statusCode());
        } catch (PowerVmException e) {
            LOG.warn("cancel of job {} failed", jobId, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Deletes a finished job (best effort). */
    private void delete(String jobId) {
        try {
            client.send("DELETE", "jobs/" + jobId, null, null, PowerVmClient.ATOM, null,
                    client.config().requestTimeout(), true);
        } catch (PowerVmException e) {
            LOG.debug("delete of finished job {} failed", jobId, e);
        }
    }

    JobResponse run(String path, String operation, Map<String, String> parameters, JobOptions options,
            TaskScheduler scheduler) {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        JobRequest request = template(path, operation);
        parameters.forEach(request::parameter);
        String p = path + "/do/" + operation;
        JobResponse started = start(p, request, operation);
        String id = started.jobId;
        LOG.debug("job {} {} on {} started", id, operation, path);
        Watch watch = new Watch(id, started, options);
        boolean ended;
        try {
            ended = Poll.until(watch::look, polls(Duration.ofNanos(deadline - System.nanoTime()), pollInterval),
                    scheduler, null);
        } catch (InterruptedException e) {
            cancel(id);
            Thread.currentThread().interrupt();
            throw PowerVmException.noAnswer(FailureCategory.CANCELLED, "job " + operation + " (" + id + ") on "
                    + path + " was interrupted; cancelled", p, e);
        } catch (PowerVmException e) {
            if (e.category() == FailureCategory.CANCELLED) {
                cancel(id);
            }
            throw e;
        }
        if (watch.cancelled) {
            cancel(id);
            throw PowerVmException.noAnswer(FailureCategory.CANCELLED, "job " + operation + " (" + id + ") on "
                    + path + " was cancelled", p, null);
        }
        if (!ended) {
            cancel(id);
            throw PowerVmException.noAnswer(FailureCategory.TIMEOUT, "job " + operation + " (" + id + ") on "
                    + path + " did not finish within " + options.timeout() + "; cancelled", p, null);
        }
        return finished(watch.job, path, operation, p);
    }

    private JobResponse finished(JobResponse job, String path, String operation, String p) {
        String id = job.jobId;
        JobStatus status = JobStatus.of(job.status);
        delete(id);
        if (status == JobStatus.COMPLETED_WITH_WARNINGS) {
            LOG.warn("job {} {} on {} completed with warnings: {}", id, operation, path,
                    job.result("result").orElse(""));
        }
        if (status.isSuccess()) {
            return job;
        }
        throw new PowerVmException(ErrorClassifier.classifyJob(status), "job " + operation + " (" + id + ") on "
                + path + " ended " + status + " (returnCode " + job.result("returnCode").orElse("?") + "): "
                + job.result("result").orElse("").trim(), 0, null, status.name(), p, null);
    }

    /**
     * The looks at a job with {@code left} before its deadline: one at once, then one every
     * {@code interval} (the last wait cut to what is left). The number of looks bounds the wait as
     * well as the time does, so a manual scheduler ends it too.
     */
    static Retry polls(Duration left, Duration interval) {
        if (left.isNegative() || left.isZero()) {
            return Retry.none();
        }
        Retry.Builder b = Retry.builder().jitter(0).retryOn(FailureCategory.TRANSIENT, FailureCategory.TIMEOUT);
        if (left.compareTo(interval) <= 0) {
            return b.fixedDelay(left).maxAttempts(2).build();
        }
        long waits = (left.toNanos() + interval.toNanos() - 1) / interval.toNanos();
        return b.fixedDelay(interval).maxAttempts((int) Math.min(Integer.MAX_VALUE, waits + 1)).maxDuration(left)
                .build();
    }

    /**
     * One look at the job: its status (the answer of the PUT at the first look, a read after),
     * its progress, and the cancel signal. A read that fails is not an answer, whatever its
     * category but NOT_FOUND, INVALID_INPUT and CANCELLED: the job runs on at the server whatever
     * the read met (an HTTP 500 included), so the next look reads again, until the job ends or its
     * deadline passes (and the job is cancelled). Giving up on the first failed read would leave the
     * job running unwatched, its outcome (an LPAR on or off after all) unknown to the command.
     */
    private final class Watch {
        private final String id;
        private final JobOptions options;
        private JobResponse job;
        private int looks;
        private boolean cancelled;

        Watch(String id, JobResponse started, JobOptions options) {
            this.id = id;
            this.job = started;
            this.options = options;
        }

        boolean look() {
            if (looks++ > 0 && !read()) {
                return isCancelled();
            }
            if (job.progress != null && job.progress.linearProgress != null) {
                options.progress().accept(job.progress.linearProgress);
            }
            return JobStatus.of(job.status).isDone() || isCancelled();
        }

        private boolean read() {
            try {
                job = client.get("jobs/" + id, JobResponse.class).value();
                return true;
            } catch (PowerVmException e) {
                if (!isUnanswered(e.category())) {
                    throw e;
                }
                LOG.warn("status read of job {} failed ({}); polling again", id, e.category());
                return false;
            }
        }

        /** Whether a failed status read leaves the job's status unknown (rather than the job gone or refused). */
        private static boolean isUnanswered(FailureCategory c) {
            return c != FailureCategory.NOT_FOUND && c != FailureCategory.INVALID_INPUT
                    && c != FailureCategory.CANCELLED;
        }

        private boolean isCancelled() {
            cancelled = options.cancelled().getAsBoolean();
            return cancelled;
        }
    }
}
