package org.iaasengine.agent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import org.iaasengine.core.InvalidInputException;

/**
 * The agent's meters, in a Micrometer registry, each tagged with the agent's {@code node}:
 *
 * <ul>
 *   <li>{@value #JOBS} (counter; tags {@code action}, {@code outcome}): jobs finished;
 *   <li>{@value #JOB_DURATION} (timer; the same tags; 0.5 and 0.99 percentiles, no histogram);
 *   <li>{@value #JOBS_REJECTED} (counter; tag {@code reason}, a short code): messages refused;
 *   <li>{@value #QUEUE_DEPTH} and {@value #LANES_BUSY} (gauges): jobs waiting, lanes running one;
 *   <li>{@value #HEARTBEATS} (counter): heartbeats sent.
 * </ul>
 *
 * <p>Tag values are codes, not free text, so that the number of series stays small: an action,
 * outcome or reason must be 1 to 64 letters, digits, {@code _}, {@code -} or {@code .} (an error names
 * a value that is not).
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * AgentMetrics metrics = new AgentMetrics(registry, "host-a");
 * metrics.queueDepth(engine::queued);
 * metrics.jobFinished("start", "SUCCEEDED", Duration.ofMillis(840));
 * metrics.jobRejected("bad-message");
 * }</pre>
 */
public final class AgentMetrics {
    public static final String JOBS = "iaas.agent.jobs";
    public static final String JOB_DURATION = "iaas.agent.job.duration";
    public static final String JOBS_REJECTED = "iaas.agent.jobs.rejected";
    public static final String QUEUE_DEPTH = "iaas.agent.queue.depth";
    public static final String LANES_BUSY = "iaas.agent.lanes.busy";
    public static final String HEARTBEATS = "iaas.agent.heartbeats";

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final MeterRegistry registry;
    private final String node;
    private final Tags nodeTag;
    private final Counter heartbeats;

    /** The meters of agent {@code node} in {@code registry}. */
    public AgentMetrics(MeterRegistry registry, String node) {
        this.registry = Objects.requireNonNull(registry, "registry");
        InvalidInputException.check(node != null && CODE.matcher(node).matches(),
                "node name '%s' is not 1 to 64 letters, digits, '_', '-' or '.'", node);
        this.node = node;
        this.nodeTag = Tags.of("node", node);
        this.heartbeats = Counter.builder(HEARTBEATS).description("Heartbeats the agent sent").tags(nodeTag)
                .register(registry);
    }

    /** Counts a finished job and times it: {@code outcome} is e.g. SUCCEEDED or FAILED. */
    public void jobFinished(String action, String outcome, Duration took) {
        code("action", action);
        code("outcome", outcome);
        InvalidInputException.check(took != null && !took.isNegative(), "job duration must be 0 or more, was %s", took);
        Tags tags = nodeTag.and("action", action, "outcome", outcome);
        Counter.builder(JOBS).description("Jobs the agent finished").tags(tags).register(registry).increment();
        Timer.builder(JOB_DURATION).description("How long the agent's jobs took").tags(tags)
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram(false).register(registry).record(took);
    }

    /** Counts a refused message: {@code reason} is a short code such as {@code bad-message}, not a message. */
    public void jobRejected(String reason) {
        code("reason", reason);
        Counter.builder(JOBS_REJECTED).description("Messages the agent refused, by reason").tags(nodeTag)
                .tag("reason", reason).register(registry).increment();
    }

    /** Reports the jobs waiting for a lane, read from {@code depth} at each scrape. Call once. */
    public void queueDepth(Supplier<Number> depth) {
        Objects.requireNonNull(depth, "depth");
        Gauge.builder(QUEUE_DEPTH, depth).description("Jobs waiting for a lane").tags(nodeTag).strongReference(true)
                .register(registry);
    }

    /** Reports the jobs waiting for a lane as {@code depth} of {@code source}, read at each scrape. Call once. */
    public <T> void queueDepth(T source, ToDoubleFunction<T> depth) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(depth, "depth");
        Gauge.builder(QUEUE_DEPTH, source, depth).description("Jobs waiting for a lane").tags(nodeTag)
                .strongReference(true).register(registry);
    }

    /** Reports the lanes running a job, read from {@code busy} at each scrape. Call once. */
    public void lanesBusy(Supplier<Number> busy) {
        Objects.requireNonNull(busy, "busy");
        Gauge.builder(LANES_BUSY, busy).description("Lanes running a job").tags(nodeTag).strongReference(true)
                .register(registry);
    }

    /** Counts a heartbeat sent. */
    public void heartbeatSent() {
        heartbeats.increment();
    }

    public MeterRegistry registry() {
        return registry;
    }

    public String node() {
        return node;
    }

    private static void code(String what, String value) {
        InvalidInputException.check(value != null && CODE.matcher(value).matches(),
                "metric tag %s '%s' is not a short code (1 to 64 letters, digits, '_', '-' or '.')", what, value);
    }
}
