package org.iaasengine.powervm.rest;

import jakarta.xml.bind.annotation.XmlRootElement;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.xml.PowerVmXml;
import org.iaasengine.powervm.xml.atom.AtomEntry;
import org.iaasengine.powervm.xml.atom.AtomFeed;
import org.iaasengine.powervm.xml.schema.Namespaces;
import org.iaasengine.powervm.xml.uom.Event;
import org.iaasengine.powervm.xml.web.JobRequest;
import org.iaasengine.powervm.xml.web.JobResponse;
import org.iaasengine.powervm.xml.web.LogonRequest;
import org.iaasengine.powervm.xml.web.LogonResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PowerVM REST client (HMC or NovaLink) on {@code java.net.http}. Thread-safe; one logon session
 * shared by all calls. Paths are relative to {@code /rest/api/uom/} (for example
 * {@code ManagedSystem/<uuid>/LogicalPartition}).
 *
 * <ul>
 *   <li>Logon: {@code PUT /rest/api/web/Logon} with a LogonRequest; the token of the
 *       LogonResponse goes in {@code X-API-Session}. A 401 logs on again once and repeats the
 *       request. {@link #close()} logs off.</li>
 *   <li>{@link #create} is a PUT on the parent feed, {@link #update} a POST with {@code If-Match},
 *       {@link #modify} a read-modify-write re-read and retried on 412, {@link #delete} a DELETE.</li>
 *   <li>{@link #runJob} fetches the JobRequest template ({@code GET .../do/<Operation>}), PUTs it
 *       with parameters, polls {@code jobs/<id>} until a final status, cancels it on deadline or
 *       cancel, and deletes the finished job.</li>
 *   <li>{@link #pollEvents()} reads the long-poll event feed.</li>
 * </ul>
 *
 * <p>Every request has a timeout. Credentials and the session token never appear in logs or
 * exception messages; request bodies are not logged.
 *
 * <pre>{@code
 * try (PowerVmClient client = PowerVmClient.connect(config)) {
 *     Entry<LogicalPartition> lpar = client.get("LogicalPartition/" + uuid, LogicalPartition.class);
 *     client.runJob("LogicalPartition/" + uuid, "PowerOn", Map.of(), JobOptions.timeout(Duration.ofMinutes(5)));
 * }
 * }</pre>
 */
public final class PowerVmClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PowerVmClient.class);
    private static final String ATOM = "application/atom+xml";

    private final PowerVmConfig config;
    private final HttpTransport transport;
    private final String applicationId = "iaas-engine-" + UUID.randomUUID();
    private final Object logonLock = new Object();
    private volatile String session;
    private volatile boolean closed;

    private PowerVmClient(PowerVmConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.transport = new HttpTransport(config);
    }

    /** A client that has logged on. */
    public static PowerVmClient connect(PowerVmConfig config) {
        PowerVmClient c = new PowerVmClient(config);
        c.logon();
        return c;
    }

    /** A client that logs on at its first request. */
    public static PowerVmClient lazy(PowerVmConfig config) {
        return new PowerVmClient(config);
    }

    /** The configuration (its toString hides the password). */
    public PowerVmConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ session

    /** Logs on (again) and keeps the session token. */
    public void logon() {
        synchronized (logonLock) {
            char[] pw = config.password();
            byte[] body;
            try {
                body = PowerVmXml.marshal(new LogonRequest(config.user(), new String(pw)));
            } finally {
                Arrays.fill(pw, '\0');
            }
            HttpRequest req = HttpRequest.newBuilder(transport.web("Logon"))
                    .timeout(config.requestTimeout())
                    .header("Content-Type", Namespaces.webType("LogonRequest"))
                    .header("Accept", Namespaces.webType("LogonResponse"))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<byte[]> resp = exchange(req, "web/Logon");
            if (resp.statusCode() != 200) {
                throw failure(resp, "web/Logon", "logon of user " + config.user() + " refused");
            }
            session = PowerVmXml.unmarshal(resp.body(), LogonResponse.class).session;
            LOG.info("logged on to {} as {}", config.baseUri(), config.user());
        }
    }

    /** True while a session token is held. */
    public boolean hasSession() {
        return session != null;
    }

    /** Logs off (best effort) and releases the session. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        String token = session;
        session = null;
        if (token == null) {
            return;
        }
        try {
            HttpRequest req = HttpRequest.newBuilder(transport.web("Logon")).timeout(config.requestTimeout())
                    .header(HttpTransport.SESSION_HEADER, token).DELETE().build();
            HttpResponse<byte[]> resp = exchange(req, "web/Logon");
            LOG.info("logged off {} ({})", config.baseUri(), resp.statusCode());
        } catch (PowerVmException e) {
            LOG.warn("logoff from {} failed; the session will expire on the server", config.baseUri(), e);
        }
    }

    // ------------------------------------------------------------------ objects

    /** Reads one object. */
    public <T> Entry<T> get(String path, Class<T> type) {
        HttpResponse<byte[]> resp = send("GET", path, null, null, ATOM, null, config.requestTimeout());
        expect(resp, path, "read " + type.getSimpleName(), 200);
        return entry(PowerVmXml.unmarshal(resp.body(), AtomEntry.class), type);
    }

    /** Reads a feed; an empty feed (HTTP 204) is an empty list. */
    public <T> List<Entry<T>> feed(String path, Class<T> type) {
        HttpResponse<byte[]> resp = send("GET", path, null, null, ATOM, null, config.requestTimeout());
        expect(resp, path, "list " + type.getSimpleName(), 200, 204);
        List<Entry<T>> out = new ArrayList<>();
        if (resp.statusCode() == 204 || resp.body().length == 0) {
            return out;
        }
        for (AtomEntry e : PowerVmXml.unmarshal(resp.body(), AtomFeed.class).entries) {
            out.add(entry(e, type));
        }
        return out;
    }

    /** Creates {@code object} under the feed at {@code parentPath} (PUT) and returns it as created. */
    @SuppressWarnings("unchecked")
    public <T> Entry<T> create(String parentPath, T object) {
        String type = rootName(object);
        HttpResponse<byte[]> resp = send("PUT", parentPath, PowerVmXml.marshal(object), Namespaces.uomType(type),
                ATOM, null, config.requestTimeout());
        expect(resp, parentPath, "create " + type, 200, 201);
        return entry(PowerVmXml.unmarshal(resp.body(), AtomEntry.class), (Class<T>) object.getClass());
    }

    /** Writes {@code object} back (POST with If-Match {@code etag}); a 412 fails with CONFLICT. */
    @SuppressWarnings("unchecked")
    public <T> Entry<T> update(String path, T object, String etag) {
        String type = rootName(object);
        HttpResponse<byte[]> resp = send("POST", path, PowerVmXml.marshal(object), Namespaces.uomType(type), ATOM,
                etag, config.requestTimeout());
        expect(resp, path, "update " + type, 200);
        return entry(PowerVmXml.unmarshal(resp.body(), AtomEntry.class), (Class<T>) object.getClass());
    }

    /**
     * Read-modify-write: reads the object, applies {@code change} (which returns false when there is
     * nothing to change, ending the call without a write), and posts it with If-Match. On 412 (the
     * object changed meanwhile) it re-reads and applies {@code change} again, at most
     * {@link PowerVmConfig#maxEtagRetries()} times, then fails with CONFLICT.
     */
    public <T> Entry<T> modify(String path, Class<T> type, Predicate<T> change) {
        for (int attempt = 0; ; attempt++) {
            Entry<T> current = get(path, type);
            if (!change.test(current.value())) {
                return current;
            }
            try {
                return update(path, current.value(), current.etag());
            } catch (PowerVmException e) {
                if (e.httpStatus() != 412 || attempt >= config.maxEtagRetries()) {
                    throw e;
                }
                LOG.debug("etag conflict on {} (attempt {}); re-reading", path, attempt + 1);
            }
        }
    }

    /** Deletes the object at {@code path}; NOT_FOUND if it is not there. */
    public void delete(String path) {
        HttpResponse<byte[]> resp = send("DELETE", path, null, null, ATOM, null, config.requestTimeout());
        expect(resp, path, "delete", 200, 204);
    }

    // ------------------------------------------------------------------ jobs

    /** The JobRequest template of {@code operation} on the object at {@code path}. */
    public JobRequest jobTemplate(String path, String operation) {
        String p = path + "/do/" + operation;
        HttpResponse<byte[]> resp = send("GET", p, null, null, ATOM, null, config.requestTimeout());
        expect(resp, p, "read job template " + operation, 200);
        return PowerVmXml.unmarshal(resp.body(), AtomEntry.class).content(JobRequest.class);
    }

    /**
     * Runs a job to its end: template, PUT with {@code parameters}, poll until a final status.
     * COMPLETED_OK and COMPLETED_WITH_WARNINGS (logged) return the response; other final states
     * fail (see {@link ErrorClassifier#classifyJob}); past the deadline or on cancel (the signal,
     * or an interrupt of the calling thread, even in the middle of a status read) the job is
     * cancelled on the server and the call fails with TIMEOUT or CANCELLED. A status read that
     * fails TRANSIENT or TIMEOUT is repeated until the deadline.
     */
    public JobResponse runJob(String path, String operation, Map<String, String> parameters, JobOptions options) {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        JobRequest request = jobTemplate(path, operation);
        parameters.forEach(request::parameter);
        String p = path + "/do/" + operation;
        HttpResponse<byte[]> resp = send("PUT", p, PowerVmXml.marshal(request), Namespaces.webType("JobRequest"),
                ATOM, null, config.requestTimeout(), false);
        expect(resp, p, "start job " + operation, 200);
        JobResponse job = PowerVmXml.unmarshal(resp.body(), AtomEntry.class).content(JobResponse.class);
        String id = job.jobId;
        LOG.debug("job {} {} on {} started", id, operation, path);
        while (true) {
            JobStatus status = JobStatus.of(job.status);
            if (job.progress != null && job.progress.linearProgress != null) {
                options.progress().accept(job.progress.linearProgress);
            }
            if (status.isDone()) {
                deleteJob(id);
                if (status == JobStatus.COMPLETED_WITH_WARNINGS) {
                    LOG.warn("job {} {} on {} completed with warnings: {}", id, operation, path,
                            job.result("result").orElse(""));
                }
                if (status.isSuccess()) {
                    return job;
                }
                throw new PowerVmException(ErrorClassifier.classifyJob(status), "job " + operation + " (" + id
                        + ") on " + path + " ended " + status + " (returnCode " + job.result("returnCode").orElse("?")
                        + "): " + job.result("result").orElse("").trim(), 0, null, status.name(), p, null);
            }
            if (options.cancelled().getAsBoolean()) {
                cancelJob(id);
                throw PowerVmException.noAnswer(FailureCategory.CANCELLED, "job " + operation + " (" + id + ") on "
                        + path + " was cancelled", p, null);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                cancelJob(id);
                throw PowerVmException.noAnswer(FailureCategory.TIMEOUT, "job " + operation + " (" + id + ") on "
                        + path + " did not finish within " + options.timeout() + "; cancelled", p, null);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, config.jobPollInterval().toNanos()));
            } catch (InterruptedException e) {
                cancelJob(id);
                Thread.currentThread().interrupt();
                throw PowerVmException.noAnswer(FailureCategory.CANCELLED, "job " + operation + " (" + id + ") on "
                        + path + " was interrupted; cancelled", p, e);
            }
            try {
                job = get("jobs/" + id, JobResponse.class).value();
            } catch (PowerVmException e) {
                if (e.category() == FailureCategory.CANCELLED) {
                    cancelJob(id);
                    throw e;
                }
                if (e.category() != FailureCategory.TRANSIENT && e.category() != FailureCategory.TIMEOUT) {
                    throw e;
                }
                LOG.warn("status read of job {} failed ({}); polling again", id, e.category());
            }
        }
    }

    /** Asks the server to cancel a job (best effort: a failure is logged). */
    public void cancelJob(String jobId) {
        boolean interrupted = Thread.interrupted();
        try {
            HttpResponse<byte[]> r = send("POST", "jobs/" + jobId + "/cancel", new byte[0], ATOM, ATOM, null,
                    config.requestTimeout());
            LOG.info("cancel of job {} answered {}", jobId, r.statusCode());
        } catch (PowerVmException e) {
            LOG.warn("cancel of job {} failed", jobId, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void deleteJob(String jobId) {
        try {
            send("DELETE", "jobs/" + jobId, null, null, ATOM, null, config.requestTimeout());
        } catch (PowerVmException e) {
            LOG.debug("delete of finished job {} failed", jobId, e);
        }
    }

    // ------------------------------------------------------------------ events

    /**
     * One long-poll read of the event feed: waits up to {@link PowerVmConfig#eventWait()} on the
     * server for events of this client's application id. Empty when none came.
     */
    public List<PowerVmEvent> pollEvents() {
        String p = "Event?QUEUE_CLIENTKEY_METHOD=USE_APPLICATIONID&QUEUE_APPLICATIONID=" + applicationId;
        HttpResponse<byte[]> resp = send("GET", p, null, null, ATOM, null,
                config.requestTimeout().plus(config.eventWait()));
        expect(resp, p, "read events", 200, 204);
        List<PowerVmEvent> out = new ArrayList<>();
        if (resp.statusCode() == 204 || resp.body().length == 0) {
            return out;
        }
        for (AtomEntry e : PowerVmXml.unmarshal(resp.body(), AtomFeed.class).entries) {
            Event ev = e.content(Event.class);
            out.add(new PowerVmEvent(HttpTransport.trim(ev.eventId), HttpTransport.trim(ev.eventType),
                    HttpTransport.trim(ev.eventData), HttpTransport.trim(ev.eventDetail)));
        }
        return out;
    }

    // ------------------------------------------------------------------ plumbing

    private HttpResponse<byte[]> send(String method, String path, byte[] body, String contentType, String accept,
            String ifMatch, Duration timeout) {
        return send(method, path, body, contentType, accept, ifMatch, timeout, true);
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body, String contentType, String accept,
            String ifMatch, Duration timeout, boolean interruptible) {
        if (closed) {
            throw PowerVmException.noAnswer(FailureCategory.CANCELLED, "client of " + config.baseUri() + " is closed",
                    path, null);
        }
        if (session == null) {
            logon();
        }
        HttpResponse<byte[]> resp = transport.exchange(transport.request(method, path, body, contentType, accept, ifMatch, timeout,
                session), path, interruptible);
        if (resp.statusCode() == 401) {
            LOG.info("session on {} expired ({} {} answered 401); logging on again", config.baseUri(), method, path);
            logon();
            resp = transport.exchange(transport.request(method, path, body, contentType, accept, ifMatch, timeout,
                    session), path, interruptible);
        }
        return resp;
    }

    private HttpResponse<byte[]> exchange(HttpRequest req, String path) {
        return transport.exchange(req, path, true);
    }

    private void expect(HttpResponse<byte[]> resp, String path, String what, int... ok) {
        transport.expect(resp, path, what, ok);
    }

    private PowerVmException failure(HttpResponse<byte[]> resp, String path, String what) {
        return transport.failure(resp, path, what);
    }

    private static <T> Entry<T> entry(AtomEntry e, Class<T> type) {
        return new Entry<>(e.id == null ? null : e.id.trim(), e.etag(), e.content(type));
    }

    private static String rootName(Object o) {
        XmlRootElement root = o.getClass().getAnnotation(XmlRootElement.class);
        if (root == null) {
            throw new IllegalArgumentException(o.getClass().getName() + " is not a PowerVM root object");
        }
        return root.name();
    }

    @Override
    public String toString() {
        return "PowerVmClient[" + config + "]";
    }
}
