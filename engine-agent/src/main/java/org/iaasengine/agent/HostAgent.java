package org.iaasengine.agent;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.iaasengine.core.Action;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.RevertFailure;
import org.iaasengine.journal.Outcome;
import org.iaasengine.journal.SqlJournal;
import org.iaasengine.request.ActionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent of one host: consumes its own durable quorum queue {@code hva-handle.<node>}, runs
 * each job through an engine that writes its journal, and answers on the job's reply queue with
 * publisher confirms; a job is acknowledged only after its outcome is in the journal and its
 * answer confirmed by the broker. The job id is the run's id and its idempotency key: a job the
 * agent finished before (a redelivery) is answered from the journal and not run again. A message
 * that is not a job, or whose request this agent cannot plan, is answered REJECTED with the reason
 * and rejected (not requeued).
 *
 * <pre>{@code
 * try (HostAgent<LibvirtPlanContext> agent = HostAgent.builder("host-a", factory, LibvirtRegistry.registry(), ctx)
 *         .engine(engine).journal(journal).build()) {
 *     agent.start();
 *     ...
 * }
 * }</pre>
 *
 * @param <C> what the registry's plan factories resolve names against
 */
public final class HostAgent<C> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostAgent.class);
    /** A result is data: written by its fields, as the journal writes it. */
    private static final ObjectMapper RESULTS = JsonMapper.builder().addModule(new Jdk8Module())
            .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY).build();

    private final String node;
    private final ConnectionFactory factory;
    private final ActionRegistry<C> registry;
    private final C context;
    private final Engine engine;
    private final SqlJournal journal;
    private final int prefetch;
    private final Duration confirmTimeout;
    private final Object consumeLock = new Object();
    private final Object publishLock = new Object();
    private Connection connection;
    private Channel consume;
    private Channel publish;

    private HostAgent(Builder<C> b) {
        this.node = b.node;
        this.factory = b.factory;
        this.registry = b.registry;
        this.context = b.context;
        this.engine = Objects.requireNonNull(b.engine, "engine");
        this.journal = Objects.requireNonNull(b.journal, "journal");
        this.prefetch = b.prefetch;
        this.confirmTimeout = b.confirmTimeout;
    }

    public static <C> Builder<C> builder(String node, ConnectionFactory factory, ActionRegistry<C> registry, C context) {
        return new Builder<>(node, factory, registry, context);
    }

    /** The queue of {@code node}'s jobs. */
    public static String queue(String node) {
        return "hva-handle." + node;
    }

    /** Connects, declares the node's queue and starts consuming. */
    public void start() throws IOException, TimeoutException {
        connection = factory.newConnection("iaas-agent-" + node);
        consume = connection.createChannel();
        publish = connection.createChannel();
        publish.confirmSelect();
        consume.queueDeclare(queue(node), true, false, false, Map.of("x-queue-type", "quorum"));
        consume.basicQos(prefetch);
        consume.basicConsume(queue(node), false, "iaas-agent-" + node, (tag, d) -> onDelivery(d), tag -> {
            LOG.warn("agent {}: the broker cancelled the consumer of {}", node, queue(node));
        });
        LOG.info("agent {}: consuming {}", node, queue(node));
    }

    private void onDelivery(Delivery d) {
        long tag = d.getEnvelope().getDeliveryTag();
        String replyTo = d.getProperties().getReplyTo();
        String jobId = d.getProperties().getCorrelationId();
        Jobs.Request job;
        try {
            job = Jobs.readRequest(d.getBody());
            if (!job.node().equals(node)) {
                throw new Jobs.BadMessageException("job " + job.jobId() + " is for node '" + job.node()
                        + "', not '" + node + "'");
            }
        } catch (Jobs.BadMessageException e) {
            LOG.warn("agent {}: rejected a message ({}): {}", node, jobId, e.getMessage());
            answer(replyTo, rejected(jobId, e.getMessage()));
            settle(tag, false);
            return;
        }
        Optional<Outcome> done = journal.outcome(job.jobId());
        if (done.isPresent()) {
            LOG.info("agent {}: job {} was done before; answered from the journal", node, job.jobId());
            answer(replyTo, fromJournal(job.jobId(), done.get()));
            settle(tag, true);
            return;
        }
        if (engine.active().stream().anyMatch(h -> h.id().equals(job.jobId()))) {
            // Delivered again while it runs here: its run answers when it ends.
            settle(tag, true);
            return;
        }
        Action<?> plan;
        try {
            plan = registry.plan(context, Jobs.text(job.request()));
        } catch (RuntimeException e) {
            LOG.warn("agent {}: job {} refused: {}", node, job.jobId(), e.getMessage());
            answer(replyTo, rejected(job.jobId(), e.getMessage()));
            settle(tag, false);
            return;
        }
        LOG.info("agent {}: job {} {} on {}", node, job.jobId(), plan.name(), plan.resourceKey());
        engine.submit(plan, job.jobId()).future().whenComplete((result, error) -> {
            Jobs.Answer a = error == null ? succeeded(job.jobId(), result) : failed(job.jobId(), error);
            LOG.info("agent {}: job {} {}", node, job.jobId(), a.outcome());
            try {
                answer(replyTo, a);
                settle(tag, true);
            } catch (RuntimeException e) {
                LOG.error("agent {}: job {} not acknowledged (it is delivered again and answered from the journal)",
                        node, job.jobId(), e);
            }
        });
    }

    private Jobs.Answer succeeded(String jobId, Object result) {
        return new Jobs.Answer(Jobs.SCHEMA, jobId, node, Jobs.Outcome.SUCCEEDED,
                result == null ? null : RESULTS.valueToTree(result), null, false);
    }

    private Jobs.Answer failed(String jobId, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof ActionFailedException f) {
            return new Jobs.Answer(Jobs.SCHEMA, jobId, node, Jobs.Outcome.FAILED, null,
                    new Jobs.Failure(f.category().name(), f.getMessage(), f.failedStep(), List.copyOf(f.reverted()),
                            f.revertFailures().stream().map(RevertFailure::toString).toList()), false);
        }
        return new Jobs.Answer(Jobs.SCHEMA, jobId, node, Jobs.Outcome.FAILED, null,
                new Jobs.Failure(FailureCategory.of(cause).name(), String.valueOf(cause.getMessage()), null, List.of(),
                        List.of()), false);
    }

    private Jobs.Answer rejected(String jobId, String reason) {
        return new Jobs.Answer(Jobs.SCHEMA, jobId, node, Jobs.Outcome.REJECTED, null,
                new Jobs.Failure(FailureCategory.INVALID_INPUT.name(), reason, null, List.of(), List.of()), false);
    }

    private Jobs.Answer fromJournal(String jobId, Outcome o) {
        if (o.state() == SqlJournal.State.SUCCEEDED) {
            JsonNode result = o.json() == null ? null : Jobs.tree(o.json());
            return new Jobs.Answer(Jobs.SCHEMA, jobId, node, Jobs.Outcome.SUCCEEDED, result, null, true);
        }
        Outcome.Failure f = Jobs.read(o.json().getBytes(java.nio.charset.StandardCharsets.UTF_8), Outcome.Failure.class);
        return new Jobs.Answer(Jobs.SCHEMA, jobId, node, Jobs.Outcome.FAILED, null, new Jobs.Failure(f.category(),
                f.message(), f.failedStep(), f.reverted(), f.revertFailures()), true);
    }

    /** Publishes {@code a} to {@code replyTo} and waits for the broker's confirm. */
    private void answer(String replyTo, Jobs.Answer a) {
        if (replyTo == null || replyTo.isBlank()) {
            LOG.warn("agent {}: job {} has no reply queue; its answer ({}) is not sent", node, a.jobId(), a.outcome());
            return;
        }
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(2).correlationId(a.jobId()).build();
        synchronized (publishLock) {
            try {
                publish.basicPublish("", replyTo, props, Jobs.write(a));
                publish.waitForConfirmsOrDie(confirmTimeout.toMillis());
            } catch (IOException | TimeoutException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // Not acknowledged: the job is delivered again and answered from the journal.
                throw new IllegalStateException("agent " + node + ": the answer to job " + a.jobId()
                        + " was not confirmed by the broker: " + e, e);
            }
        }
    }

    private void settle(long tag, boolean ack) {
        synchronized (consumeLock) {
            try {
                if (ack) {
                    consume.basicAck(tag, false);
                } else {
                    consume.basicReject(tag, false);
                }
            } catch (IOException e) {
                LOG.warn("agent {}: could not settle delivery {}: {}", node, tag, e.getMessage());
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (connection != null) {
            connection.close((int) Duration.ofSeconds(10).toMillis());
        }
    }

    /** Builds a {@link HostAgent}. */
    public static final class Builder<C> {
        private final String node;
        private final ConnectionFactory factory;
        private final ActionRegistry<C> registry;
        private final C context;
        private Engine engine;
        private SqlJournal journal;
        private int prefetch = 16;
        private Duration confirmTimeout = Duration.ofSeconds(30);

        private Builder(String node, ConnectionFactory factory, ActionRegistry<C> registry, C context) {
            org.iaasengine.core.InvalidInputException.check(node != null && node.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}"),
                    "node name must be 1 to 63 letters, digits, '.', '_' or '-', was '%s'", node);
            this.node = node;
            this.factory = Objects.requireNonNull(factory, "factory");
            this.registry = Objects.requireNonNull(registry, "registry");
            this.context = context;
        }

        /** The engine the jobs run on; it must write {@link #journal}. */
        public Builder<C> engine(Engine e) {
            this.engine = e;
            return this;
        }

        /** The journal the engine writes: a finished job's outcome is read back from it. */
        public Builder<C> journal(SqlJournal j) {
            this.journal = j;
            return this;
        }

        /** How many jobs the agent takes from the broker at once (default 16). */
        public Builder<C> prefetch(int n) {
            org.iaasengine.core.InvalidInputException.check(n >= 1, "prefetch must be at least 1, was %s", n);
            this.prefetch = n;
            return this;
        }

        public HostAgent<C> build() {
            return new HostAgent<>(this);
        }
    }
}
