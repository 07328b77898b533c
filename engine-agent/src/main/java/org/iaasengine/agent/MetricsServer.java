package org.iaasengine.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.iaasengine.core.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's Prometheus endpoint: {@code GET /metrics} on the bind address and port answers the
 * registry's scrape in the text format 0.0.4; another method is answered 405, another path 404. It
 * serves from one daemon thread: a scrape is small and Prometheus asks seldom. {@link #close()}
 * stops it within a second.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * try (MetricsServer server = MetricsServer.start("127.0.0.1", 9464, registry)) {
 *     // curl http://127.0.0.1:9464/metrics
 * }
 * }</pre>
 */
public final class MetricsServer implements AutoCloseable {
    /** The content type of the Prometheus text format the endpoint serves. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    public static final String PATH = "/metrics";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving {@code registry} on {@code bindAddress} (an IP address, or a host name that is
     * resolved once) and {@code port} (0: a free port, see {@link #port()}).
     *
     * @throws IOException if the address cannot be bound (e.g. the port is taken)
     */
    public static MetricsServer start(String bindAddress, int port, PrometheusMeterRegistry registry)
            throws IOException {
        Objects.requireNonNull(registry, "registry");
        InvalidInputException.check(bindAddress != null && !bindAddress.isBlank(), "no metrics bind address is given");
        InvalidInputException.check(port >= 0 && port <= 65535, "metrics port must be 0 to 65535, was %s", port);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(bindAddress), port);
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "iaas-metrics-http");
                    t.setDaemon(true);
                    return t;
                });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, registry));
        server.start();
        MetricsServer s = new MetricsServer(server, executor);
        LOG.info("metrics on http://{}:{}{}", bindAddress, s.port(), PATH);
        return s;
    }

    private static void handle(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found: the metrics are at " + PATH + "\n");
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, "text/plain; charset=utf-8", "method " + exchange.getRequestMethod()
                        + " not allowed: use GET\n");
            } else {
                String body;
                try {
                    body = registry.scrape(CONTENT_TYPE);
                } catch (RuntimeException e) {
                    LOG.warn("metrics scrape failed", e);
                    send(exchange, 500, "text/plain; charset=utf-8", "scrape failed: " + e + "\n");
                    return;
                }
                send(exchange, 200, CONTENT_TYPE, body);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The port the endpoint listens on: the one chosen when it was started on port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops serving: a scrape in progress is cut off; returns within about a second. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
