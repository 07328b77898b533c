package org.iaasengine.powervm.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.iaasengine.core.CommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the simulator: the JDK's {@code HttpServer} on a free loopback port, serving
 * {@code /rest/api/}. For each request it records {@code METHOD path}, refuses (400) a body whose
 * elements are out of the schema's order ({@link SchemaOrder}), sends {@code web/Logon} to
 * {@link Sessions}, checks the session of a {@code uom/} request, applies the request faults of
 * {@link SimFaults} (dropped connection, VIOS busy, internal error, etag conflict, and the lost
 * reply: the request takes effect, then the connection breaks), asks the
 * {@link UomRouter}, and writes the answer (an HttpErrorResponse for a {@link SimError} or a
 * payload that does not parse).
 *
 * <pre>{@code
 * HttpServer server = HttpFront.bind();
 * URI uri = HttpFront.uriOf(server);
 * ...                                          // the resources, seeded
 * HttpFront front = new HttpFront(server, sessions, faults, router, answers);   // serving
 * }</pre>
 */
final class HttpFront {
    private static final Logger LOG = LoggerFactory.getLogger(PowerVmSimulator.class);
    private static final String API = "/rest/api/";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Sessions sessions;
    private final SimFaults faults;
    private final UomRouter router;
    private final AtomAnswers answers;
    private final WebFiles files;
    private final java.util.concurrent.locks.Lock lock;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    /** Serves {@code /rest/api/} on a server {@link #bind() bound} before. */
    HttpFront(HttpServer server, Sessions sessions, SimFaults faults, UomRouter router, AtomAnswers answers,
            WebFiles files, java.util.concurrent.locks.Lock lock) {
        this.server = server;
        this.files = files;
        this.lock = lock;
        this.sessions = sessions;
        this.faults = faults;
        this.router = router;
        this.answers = answers;
        this.executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "iaas-powervm-sim");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(API, this::handle);
        server.start();
    }

    /** A server on a free loopback port, serving nothing yet. */
    static HttpServer bind() throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    }

    /** The base URI of a bound server ({@code http://127.0.0.1:port}). */
    static URI uriOf(HttpServer server) {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort());
    }

    /** Every request so far, as {@code METHOD path} (path below {@code /rest/api/}). */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** Stops the server and its threads. */
    void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String rel = ex.getRequestURI().getPath().substring(API.length());
            String query = ex.getRequestURI().getRawQuery();
            byte[] body = ex.getRequestBody().readAllBytes();
            requests.add(method + " " + rel);
            SimResponse r;
            try {
                String contentType = ex.getRequestHeaders().getFirst("Content-Type");
                boolean xml = contentType == null || contentType.contains("xml");
                if (xml && body.length > 0 && (method.equals("PUT") || method.equals("POST"))) {
                    SchemaOrder.check(body); // the real API refuses elements out of the schema's order
                }
                if (rel.equals("web/Logon")) {
                    r = sessions.logon(method, body, ex.getRequestHeaders().getFirst("X-API-Session"));
                } else if (rel.equals("web/File") || rel.startsWith("web/File/")) {
                    if (!sessions.isValid(ex.getRequestHeaders().getFirst("X-API-Session"))) {
                        throw new SimError(401, "Unauthorized", "session is not valid");
                    }
                    Optional<SimFaults.Kind> fault = faults.takeRequestFault(method, rel);
                    if (fault.isPresent() && fault.get() == SimFaults.Kind.DROP) {
                        breakConnection(ex);
                        return;
                    }
                    throwInjectedError(fault);
                    String[] segments = rel.substring(4).split("/");
                    String accept = ex.getRequestHeaders().getFirst("Accept");
                    if (fault.isPresent() && fault.get() == SimFaults.Kind.LOST_REPLY) {
                        try {
                            withLock(() -> files.handle(method, segments, body, contentType, accept));
                        } catch (SimError | CommandException e) {
                            LOG.debug("sim: {} {} refused ({}), and the answer is lost", method, rel, e.getMessage());
                        }
                        breakConnection(ex);
                        return;
                    }
                    r = withLock(() -> files.handle(method, segments, body, contentType, accept));
                } else if (rel.startsWith("uom/")) {
                    String path = rel.substring(4);
                    if (!sessions.isValid(ex.getRequestHeaders().getFirst("X-API-Session"))) {
                        throw new SimError(401, "Unauthorized", "session is not valid");
                    }
                    Optional<SimFaults.Kind> fault = faults.takeRequestFault(method, path);
                    if (fault.isPresent() && fault.get() == SimFaults.Kind.DROP) {
                        LOG.debug("sim: dropping {} {}", method, path);
                        breakConnection(ex);
                        return;
                    }
                    throwInjectedError(fault);
                    boolean conflict = fault.isPresent() && fault.get() == SimFaults.Kind.ETAG_CONFLICT;
                    String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
                    if (fault.isPresent() && fault.get() == SimFaults.Kind.LOST_REPLY) {
                        try {
                            router.routeLosingAnswer(method, path, query, body, ifMatch); // it takes effect...
                        } catch (SimError | CommandException e) {
                            LOG.debug("sim: {} {} refused ({}), and the answer is lost", method, path, e.getMessage());
                        }
                        LOG.debug("sim: losing the answer to {} {}", method, path);
                        breakConnection(ex); // ...and its answer is lost
                        return;
                    }
                    r = router.route(method, path, query, body, ifMatch, conflict);
                } else {
                    throw SimError.notFound("no resource " + rel);
                }
            } catch (SimError e) {
                r = answers.error(e.status, e.reason, e.getMessage(), API + rel);
            } catch (CommandException e) {
                r = answers.error(400, "Bad Request", "payload does not parse: " + e.getMessage(), API + rel);
            }
            write(ex, r);
        } catch (RuntimeException e) {
            LOG.error("sim: handler failed", e);
            throw e;
        }
    }

    private SimResponse withLock(java.util.function.Supplier<SimResponse> s) {
        lock.lock();
        try {
            return s.get();
        } finally {
            lock.unlock();
        }
    }

    /** Answers 200 with a length of 64 and closes after 0 bytes: the client sees a broken connection. */
    private static void breakConnection(HttpExchange ex) throws IOException {
        ex.sendResponseHeaders(200, 64);
    }

    private static void throwInjectedError(Optional<SimFaults.Kind> fault) {
        if (fault.isPresent() && fault.get() == SimFaults.Kind.VIOS_BUSY) {
            throw new SimError(500, "Unknown internal error.", "Unable to send command to VIOS at this "
                    + "moment. VIOS is busy processing some other request. Please retry the operation "
                    + "after sometime.");
        }
        if (fault.isPresent() && fault.get() == SimFaults.Kind.INTERNAL_ERROR) {
            throw new SimError(500, "Unknown internal error.", "Simulated internal error.");
        }
    }

    private static void write(HttpExchange ex, SimResponse r) throws IOException {
        if (r.etag() != null) {
            ex.getResponseHeaders().add("ETag", r.etag());
        }
        ex.getResponseHeaders().add("Content-Type", r.contentType());
        if (r.body() == null || r.body().length == 0) {
            ex.sendResponseHeaders(r.status(), -1);
        } else {
            ex.sendResponseHeaders(r.status(), r.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(r.body());
            }
        }
    }
}
