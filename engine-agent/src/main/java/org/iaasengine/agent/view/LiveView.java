package org.iaasengine.agent.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.iaasengine.agent.Orchestrator;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.model.ModelChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read-only web page of what an {@link Orchestrator} knows, served by the JDK's HTTP server:
 * hosts with their agents' liveness and capacity, the VMs on each with their state, the jobs in
 * flight with their progress, and recent events, kept live by server-sent events. The page is
 * static HTML, JavaScript and CSS from this package's resources; the server sends only JSON
 * (Jackson), which the page renders.
 *
 * <ul>
 * <li>{@code GET /}: the page; {@code /app.js}, {@code /style.css}: its script and style.</li>
 * <li>{@code GET /api/state}: the whole {@link State} as JSON.</li>
 * <li>{@code GET /api/events}: {@code text/event-stream}; a {@code state} event with the whole
 * state each time it changes (checked every {@link Builder#refresh}), a comment every 10 s.</li>
 * <li>Any other method: 405 (nothing changes through the page); another path: 404.</li>
 * </ul>
 *
 * <pre>{@code
 * try (LiveView view = LiveView.builder(orchestrator).port(8080).start()) {
 *     // open http://127.0.0.1:8080/
 * }
 * }</pre>
 */
public final class LiveView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);
    private static final int MAX_STREAMS = 8;
    private static final int MAX_EVENTS = 50;
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/style.css", "style.css");
    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8", "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");

    /** One line of the recent events. */
    public record Event(Instant at, String kind, String text) {
    }

    /** What the page shows. */
    public record State(String orchestrator, Instant at, List<ClusterView.HostRow> hosts,
            List<ClusterView.JobRow> jobs, List<Event> events) {
    }

    private final Orchestrator orchestrator;
    private final Clock clock;
    private final int jobLimit;
    private final HttpServer server;
    private final ThreadPoolExecutor http;
    private final ScheduledExecutorService ticker;
    private final ObjectMapper json;
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private final Set<BlockingQueue<String>> streams = ConcurrentHashMap.newKeySet();
    private final Map<String, String> jobStatus = new HashMap<>();
    private final org.iaasengine.model.ModelListener modelListener = this::onModelChange;
    private volatile String lastJson = "";
    private volatile boolean closed;

    private LiveView(Builder b) throws IOException {
        this.orchestrator = b.orchestrator;
        this.clock = b.clock;
        this.jobLimit = b.jobLimit;
        this.json = JsonMapper.builder().addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(b.bind), b.port);
        try {
            server = HttpServer.create(address, 32);
        } catch (IOException e) {
            throw new IOException("cannot serve the live view on " + b.bind + ":" + b.port + ": " + e.getMessage(), e);
        }
        // A stream holds its thread while the page is open: a bounded pool, a stream beyond MAX_STREAMS is refused.
        http = new ThreadPoolExecutor(2, MAX_STREAMS + 4, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "iaas-live-view-http");
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(http);
        server.createContext("/", this::handle);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "iaas-live-view-refresh");
            t.setDaemon(true);
            return t;
        });
        orchestrator.addNodeListener(s -> event("node", "node " + s.node() + " is " + s.state()));
        orchestrator.cluster().model().addListener(modelListener);
        refresh();
        server.start();
        ticker.scheduleWithFixedDelay(this::refreshQuietly, b.refresh.toMillis(), b.refresh.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("live view of orchestrator {} on http://{}:{}/", orchestrator.name(), b.bind, port());
    }

    public static Builder builder(Orchestrator orchestrator) {
        return new Builder(orchestrator);
    }

    /** The port the page is served on (the one chosen for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/";
    }

    /** The state as the page receives it now. */
    public State state() {
        List<Event> ev;
        synchronized (events) {
            ev = new ArrayList<>(events);
        }
        java.util.Collections.reverse(ev);
        return new State(orchestrator.name(), clock.instant(), ClusterView.hosts(orchestrator),
                ClusterView.jobs(orchestrator, jobLimit), List.copyOf(ev));
    }

    private void onModelChange(ModelChange c) {
        if (c instanceof ModelChange.VmAdded a) {
            event("vm", "vm " + a.vm().name() + " on " + a.vm().host() + ": " + a.vm().state());
        } else if (c instanceof ModelChange.VmUpdated u && (u.before().state() != u.after().state()
                || !Objects.equals(u.before().host(), u.after().host()))) {
            event("vm", "vm " + u.after().name() + " on " + u.after().host() + ": " + u.after().state());
        } else if (c instanceof ModelChange.VmRemoved r) {
            event("vm", "vm " + r.vm().name() + " gone from " + r.vm().host());
        } else if (c instanceof ModelChange.HostAdded h) {
            event("host", "host " + h.host().name() + " joined (" + h.host().state() + ")");
        }
    }

    private void event(String kind, String text) {
        synchronized (events) {
            events.addLast(new Event(clock.instant(), kind, text));
            while (events.size() > MAX_EVENTS) {
                events.removeFirst();
            }
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("live view: refresh failed: {}", e.toString());
        }
    }

    /** Notes job transitions as events, and sends the state to every stream when it changed. */
    private synchronized void refresh() {
        for (ClusterView.JobRow j : ClusterView.jobs(orchestrator, jobLimit)) {
            String before = jobStatus.put(j.jobId(), j.status());
            if (before == null && j.inFlight()) {
                event("job", "job " + j.jobId() + " " + j.action() + " on " + j.node() + " submitted");
            } else if (before != null && !before.equals(j.status())) {
                event("job", "job " + j.jobId() + " " + j.action() + " on " + j.node() + ": " + j.status());
            }
        }
        State s = state();
        String text;
        try {
            // The time stamp alone is no change.
            text = json.writeValueAsString(new State(s.orchestrator(), null, s.hosts(), s.jobs(), s.events()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the live view's state: " + e.getOriginalMessage(), e);
        }
        if (!text.equals(lastJson)) {
            lastJson = text;
            String message = write(s);
            for (BlockingQueue<String> q : streams) {
                if (!q.offer(message)) {
                    // A page that does not read: it gets the newest state, not a backlog.
                    q.clear();
                    q.offer(message);
                }
            }
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "the live view is read-only: use GET\n");
            } else if ("/api/state".equals(path)) {
                send(ex, 200, "application/json", write(state()));
            } else if ("/api/events".equals(path)) {
                stream(ex);
            } else if (STATIC.containsKey(path)) {
                String file = STATIC.get(path);
                try (InputStream in = LiveView.class.getResourceAsStream(file)) {
                    if (in == null) {
                        send(ex, 500, "text/plain; charset=utf-8", "resource " + file + " missing from the jar\n");
                        return;
                    }
                    sendBytes(ex, 200, TYPES.get(file), in.readAllBytes());
                }
            } else {
                send(ex, 404, "text/plain; charset=utf-8", "not found\n");
            }
        }
    }

    /** Server-sent events: the current state at once, then each change, until the page goes or the view closes. */
    private void stream(HttpExchange ex) throws IOException {
        if (streams.size() >= MAX_STREAMS) {
            send(ex, 503, "text/plain; charset=utf-8", "too many open pages\n");
            return;
        }
        BlockingQueue<String> q = new ArrayBlockingQueue<>(16);
        q.offer(write(state()));
        streams.add(q);
        try {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (!closed) {
                String m = q.poll(10, TimeUnit.SECONDS);
                // JSON from Jackson has no raw newline: one data line per event.
                out.write((m == null ? ": keep-alive\n\n" : "event: state\ndata: " + m + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("live view: a page went away: {}", e.toString());
        } finally {
            streams.remove(q);
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        sendBytes(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendBytes(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Stops serving: open pages are cut off; returns within about a second. */
    @Override
    public void close() {
        closed = true;
        orchestrator.cluster().model().removeListener(modelListener);
        ticker.shutdownNow();
        server.stop(0);
        http.shutdownNow();
        try {
            http.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builds and starts a {@link LiveView}. */
    public static final class Builder {
        private final Orchestrator orchestrator;
        private String bind = "127.0.0.1";
        private int port = 8080;
        private Duration refresh = Duration.ofMillis(300);
        private int jobLimit = 50;
        private Clock clock = Clock.systemUTC();

        private Builder(Orchestrator orchestrator) {
            this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
        }

        /** The address to listen on (default 127.0.0.1: loopback only). */
        public Builder bind(String address) {
            InvalidInputException.check(address != null && !address.isBlank(), "no live view bind address is given");
            this.bind = address;
            return this;
        }

        /** The port (default 8080; 0: a free one, see {@link LiveView#port()}). */
        public Builder port(int p) {
            InvalidInputException.check(p >= 0 && p <= 65535, "live view port must be 0 to 65535, was %s", p);
            this.port = p;
            return this;
        }

        /** How often the state is checked for changes (default 300 ms). */
        public Builder refresh(Duration d) {
            InvalidInputException.check(d != null && d.toMillis() >= 50 && d.toMillis() <= 60_000,
                    "live view refresh must be 50 ms to 60 s, was %s", d);
            this.refresh = d;
            return this;
        }

        /** How many recent jobs the page lists (default 50). */
        public Builder jobs(int limit) {
            InvalidInputException.check(limit >= 1 && limit <= 1000, "live view job limit must be 1 to 1000, was %s",
                    limit);
            this.jobLimit = limit;
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * Starts serving.
         *
         * @throws IOException when the address cannot be bound (the port is taken)
         */
        public LiveView start() throws IOException {
            return new LiveView(this);
        }
    }
}
