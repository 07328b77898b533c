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
import java.util.function.Predicate;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Poll;
import org.iaasengine.core.Retry;
import org.iaasengine.core.spi.SystemScheduler;
import org.iaasengine.core.spi.TaskScheduler;
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
 * <p>Time: the job polls and the waits between etag retries go through {@link Poll} on a
 * {@link TaskScheduler}: a job's own (the running command's, see {@link Jobs#options}), else the one
 * given to {@link #connect(PowerVmConfig, TaskScheduler)}, else a {@link SystemScheduler} of the
 * client's own. No thread sleeps. The client's threads (the HTTP client's workers,
 * {@code iaas-powervm-http-*}, and its own timer) end with {@link #close()}.
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
    static final String ATOM = "application/atom+xml";

    private final PowerVmConfig config;
    private final HttpTransport transport;
    private final String applicationId = "iaas-engine-" + UUID.randomUUID();
    private final Object logonLock = new Object();
    private final SystemScheduler ownScheduler;
    private final TaskScheduler scheduler;
    private final JobRunner jobs;
    private final PowerVmFiles files;
    private volatile String session;
    private volatile boolean closed;

    private PowerVmClient(PowerVmConfig config, TaskScheduler scheduler) {
        this.config = Objects.requireNonNull(config, "config");
        this.transport = new HttpTransport(config);
        this.ownScheduler = scheduler == null ? new SystemScheduler("iaas-powervm-client-timer") : null;
        this.scheduler = scheduler == null ? ownScheduler : scheduler;
        this.jobs = new JobRunner(this, config.jobPollInterval());
        this.files = new PowerVmFiles(this);
    }

    /** A client that has logged on; it times its waits on a scheduler of its own. */
    public static PowerVmClient connect(PowerVmConfig config) {
        return connect(config, null);
    }

    /**
     * A client that has logged on and times its waits (job polls without a scheduler of their own,
     * etag retries) on {@code scheduler}, typically the engine's (null: a scheduler of its own).
     */
    public static PowerVmClient connect(PowerVmConfig config, TaskScheduler scheduler) {
        PowerVmClient c = new PowerVmClient(config, scheduler);
        try {
            c.logon();
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** A client that logs on at its first request. */
    public static PowerVmClient lazy(PowerVmConfig config) {
        return lazy(config, null);
    }

    /** A client that logs on at its first request and times its waits on {@code scheduler} (null: its own). */
    public static PowerVmClient lazy(PowerVmConfig config, TaskScheduler scheduler) {
        return new PowerVmClient(config, scheduler);
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

    /** Logs off (best effort), releases the session and stops the client's threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        String token = session;
        session = null;
        try {
            if (token != null) {
                logoff(token);
            }
        } finally {
            transport.close();
            if (ownScheduler != null) {
                ownScheduler.close();
            }
        }
    }

    private void logoff(String token) {
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
     * {@link PowerVmConfig#maxEtagRetries()} times, {@link PowerVmConfig#etagRetryDelay()} apart
     * (on the client's scheduler), then fails with CONFLICT. An interrupt while it waits fails
     * CANCELLED.
     */
    public <T> Entry<T> modify(String path, Class<T> type, Predicate<T> change) {
        Retry etagRetry = Retry.builder().maxAttempts(config.maxEtagRetries() + 1)
                .fixedDelay(config.etagRetryDelay()).jitter(0).retryOn(FailureCategory.CONFLICT).build();
        int[] attempt = new int[1];
        try {
            return Poll.retryWhile(() -> {
                if (attempt[0]++ > 0) {
                    LOG.debug("etag conflict on {} (attempt {}); re-reading", path, attempt[0] - 1);
                }
                Entry<T> current = get(path, type);
                return change.test(current.value()) ? update(path, current.value(), current.etag()) : current;
            }, (written, failure) -> failure instanceof PowerVmException e && e.httpStatus() == 412, etagRetry,
                    scheduler, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PowerVmException.noAnswer(FailureCategory.CANCELLED, "update of " + path + " was interrupted",
                    path, e);
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
        return jobs.template(path, operation);
    }

    /**
     * Runs a job to its end: template, PUT with {@code parameters}, poll until a final status.
     * COMPLETED_OK and COMPLETED_WITH_WARNINGS (logged) return the response; other final states
     * fail (see {@link ErrorClassifier#classifyJob}); past the deadline or on cancel (the signal,
     * or an interrupt of the calling thread, even in the middle of a status read) the job is
     * cancelled on the server and the call fails with TIMEOUT or CANCELLED. A status read that
     * fails (but NOT_FOUND, INVALID_INPUT or CANCELLED: an HTTP 500 too) is repeated until the
     * deadline, so that no job is left running unwatched. The polls are
     * {@link PowerVmConfig#jobPollInterval()} apart on the options' scheduler, else the client's.
     */
    public JobResponse runJob(String path, String operation, Map<String, String> parameters, JobOptions options) {
        return jobs.run(path, operation, parameters, options,
                options.scheduler() != null ? options.scheduler() : scheduler);
    }

    /** Asks the server to cancel a job (best effort: a failure is logged). */
    public void cancelJob(String jobId) {
        jobs.cancel(jobId);
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

    // ------------------------------------------------------------------ files

    /** The REST File API of this client's server (image bits to and from a VIOS). */
    public PowerVmFiles files() {
        return files;
    }

    /**
     * One request to the web API ({@code web/<path>}) with the session, logging on (again) when
     * there is none or it expired; the answer's body is read by {@code handler}.
     */
    <T> HttpResponse<T> sendWeb(String method, String path, HttpRequest.BodyPublisher body, String contentType,
            String accept, Duration timeout, HttpResponse.BodyHandler<T> handler) {
        if (closed) {
            throw PowerVmException.noAnswer(FailureCategory.CANCELLED, "client of " + config.baseUri() + " is closed",
                    path, null);
        }
        if (session == null) {
            logon();
        }
        HttpResponse<T> resp = transport.exchange(transport.webRequest(method, path, body, contentType, accept,
                timeout, session), handler, "web/" + path, true);
        if (resp.statusCode() == 401) {
            LOG.info("session on {} expired ({} web/{} answered 401); logging on again", config.baseUri(), method, path);
            logon();
            resp = transport.exchange(transport.webRequest(method, path, body, contentType, accept, timeout,
                    session), handler, "web/" + path, true);
        }
        return resp;
    }

    /** The classified failure of a web answer. */
    PowerVmException webFailure(int status, byte[] body, String path, String what) {
        return transport.failure(status, body, "web/" + path, what);
    }

    // ------------------------------------------------------------------ plumbing

    private HttpResponse<byte[]> send(String method, String path, byte[] body, String contentType, String accept,
            String ifMatch, Duration timeout) {
        return send(method, path, body, contentType, accept, ifMatch, timeout, true);
    }

    /** One request with the session, logging on (again) when there is none or it expired. */
    HttpResponse<byte[]> send(String method, String path, byte[] body, String contentType, String accept,
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

    void expect(HttpResponse<byte[]> resp, String path, String what, int... ok) {
        transport.expect(resp, path, what, ok);
    }

    private PowerVmException failure(HttpResponse<byte[]> resp, String path, String what) {
        return transport.failure(resp, path, what);
    }

    static <T> Entry<T> entry(AtomEntry e, Class<T> type) {
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
