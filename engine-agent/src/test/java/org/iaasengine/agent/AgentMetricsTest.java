package org.iaasengine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.iaasengine.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The agent's meters, and the Prometheus endpoint that serves them. */
class AgentMetricsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void aFinishedJobIsCountedAndTimedByActionAndOutcomeWithTheNode() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AgentMetrics m = new AgentMetrics(registry, "host-a");
        m.jobFinished("start", "SUCCEEDED", Duration.ofMillis(800));
        m.jobFinished("start", "SUCCEEDED", Duration.ofMillis(200));
        m.jobFinished("start", "FAILED", Duration.ofSeconds(3));

        Counter ok = registry.get("iaas.agent.jobs").tags("node", "host-a", "action", "start", "outcome", "SUCCEEDED")
                .counter();
        assertThat(ok.count()).isEqualTo(2.0);
        assertThat(registry.get("iaas.agent.jobs").tags("outcome", "FAILED").counter().count()).isEqualTo(1.0);
        Timer t = registry.get("iaas.agent.job.duration").tags("node", "host-a", "action", "start", "outcome",
                "SUCCEEDED").timer();
        assertThat(t.count()).isEqualTo(2);
        assertThat(t.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(1000.0);
        assertThat(Arrays.stream(t.takeSnapshot().percentileValues()).map(ValueAtPercentile::percentile))
                .containsExactly(0.5, 0.99);
        assertThat(t.takeSnapshot().histogramCounts()).isEmpty();
    }

    @Test
    void rejectionsAreCountedByAShortReasonCode() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AgentMetrics m = new AgentMetrics(registry, "host-a");
        m.jobRejected("bad-message");
        m.jobRejected("bad-message");
        m.jobRejected("wrong_node");
        assertThat(registry.get("iaas.agent.jobs.rejected").tags("node", "host-a", "reason", "bad-message").counter()
                .count()).isEqualTo(2.0);
        assertThat(registry.get("iaas.agent.jobs.rejected").tags("reason", "wrong_node").counter().count())
                .isEqualTo(1.0);
        assertThatThrownBy(() -> m.jobRejected("job j1 is for node 'b', not 'a'"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("reason 'job j1 is for node 'b', not 'a'' is not a short code");
        assertThatThrownBy(() -> m.jobFinished("start", "", Duration.ZERO)).hasMessageContaining("outcome ''");
        assertThatThrownBy(() -> m.jobFinished("start", "FAILED", Duration.ofSeconds(-1)))
                .hasMessageContaining("PT-1S");
    }

    @Test
    void gaugesReadTheirSourceAndHeartbeatsAreCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AgentMetrics m = new AgentMetrics(registry, "host-a");
        AtomicInteger queued = new AtomicInteger(3);
        AtomicInteger busy = new AtomicInteger(2);
        m.queueDepth(queued, AtomicInteger::get);
        m.lanesBusy(busy::get);
        m.heartbeatSent();
        m.heartbeatSent();
        assertThat(registry.get("iaas.agent.queue.depth").tag("node", "host-a").gauge().value()).isEqualTo(3.0);
        assertThat(registry.get("iaas.agent.lanes.busy").tag("node", "host-a").gauge().value()).isEqualTo(2.0);
        queued.set(7);
        busy.set(0);
        assertThat(registry.get("iaas.agent.queue.depth").gauge().value()).isEqualTo(7.0);
        assertThat(registry.get("iaas.agent.lanes.busy").gauge().value()).isEqualTo(0.0);
        assertThat(registry.get("iaas.agent.heartbeats").tag("node", "host-a").counter().count()).isEqualTo(2.0);

        SimpleMeterRegistry other = new SimpleMeterRegistry();
        new AgentMetrics(other, "host-b").queueDepth(() -> 5);
        assertThat(other.get("iaas.agent.queue.depth").tag("node", "host-b").gauge().value()).isEqualTo(5.0);
    }

    @Test
    void theEndpointServesTheScrapeOnGetMetrics() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AgentMetrics m = new AgentMetrics(registry, "host-a");
        m.jobFinished("start", "SUCCEEDED", Duration.ofMillis(120));
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry)) {
            assertThat(server.port()).isPositive();
            URI base = URI.create("http://127.0.0.1:" + server.port());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).timeout(TIMEOUT).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            String line = r.body().lines().filter(l -> l.startsWith("iaas_agent_jobs_total{")).findFirst().orElseThrow(
                    () -> new AssertionError("no iaas_agent_jobs_total in:\n" + r.body()));
            assertThat(line).contains("action=\"start\"", "outcome=\"SUCCEEDED\"", "node=\"host-a\"").endsWith(" 1.0");
            assertThat(r.body()).contains("iaas_agent_job_duration_seconds_count{", "iaas_agent_heartbeats_total{");

            HttpResponse<String> post = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET");
            HttpResponse<String> other = http.send(HttpRequest.newBuilder(base.resolve("/")).timeout(TIMEOUT).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void closeStopsTheEndpointWithinASecond() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry);
        int port = server.port();
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(TIMEOUT)
                .build();
        assertThat(http.send(get, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        long start = System.nanoTime();
        server.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        HttpClient fresh = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        assertThatThrownBy(() -> fresh.send(get, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void aPortInUseIsRefusedNamingIt() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (MetricsServer first = MetricsServer.start("127.0.0.1", 0, registry)) {
            assertThatThrownBy(() -> MetricsServer.start("127.0.0.1", first.port(), registry))
                    .isInstanceOf(IOException.class).hasMessageContaining("127.0.0.1:" + first.port());
        }
        assertThatThrownBy(() -> MetricsServer.start("127.0.0.1", 70000, registry)).hasMessageContaining("70000");
    }
}
