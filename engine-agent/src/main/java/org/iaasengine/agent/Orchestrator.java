package org.iaasengine.agent;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.request.ActionRequest;
import org.iaasengine.request.RequestCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's client of the host agents: {@link #submit} publishes a job on the node's
 * queue (persistent, mandatory, with publisher confirms) and returns a handle whose future
 * completes with the agent's answer, which arrives on this orchestrator's own durable reply queue
 * {@code iaas-results.<name>}. A job for a node that has no queue fails at once.
 *
 * <pre>{@code
 * try (Orchestrator o = Orchestrator.connect("orch-1", factory)) {
 *     Jobs.Answer a = o.submit("host-a", CreateRequest.builder("web1").memoryMiB(512).build())
 *             .answer().get(5, TimeUnit.MINUTES);
 * }
 * }</pre>
 */
public final class Orchestrator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);

    /** A submitted job: its id, its node, and the future of its answer. */
    public record JobHandle(String jobId, String node, CompletableFuture<Jobs.Answer> answer) {
    }

    private final String name;
    private final Connection connection;
    private final Channel publish;
    private final Channel consume;
    private final Duration confirmTimeout = Duration.ofSeconds(30);
    private final Map<String, JobHandle> jobs = new ConcurrentHashMap<>();
    private final Object publishLock = new Object();

    private Orchestrator(String name, Connection connection) throws IOException {
        this.name = name;
        this.connection = connection;
        this.publish = connection.createChannel();
        this.publish.confirmSelect();
        this.publish.addReturnListener(r -> {
            String jobId = r.getProperties().getCorrelationId();
            JobHandle h = jobId == null ? null : jobs.get(jobId);
            if (h != null) {
                h.answer().completeExceptionally(CommandException.notFound("no agent queue for node '" + h.node()
                        + "' (" + r.getRoutingKey() + "): the job " + jobId + " was not queued"));
            }
        });
        this.consume = connection.createChannel();
        consume.queueDeclare(replyQueue(name), true, false, false, Map.of("x-queue-type", "quorum"));
        consume.basicConsume(replyQueue(name), false, "iaas-orchestrator-" + name, (tag, d) -> onAnswer(d), tag -> {
            LOG.warn("orchestrator {}: the broker cancelled the consumer of {}", name, replyQueue(name));
        });
    }

    /** Connects as orchestrator {@code name} and starts receiving answers. */
    public static Orchestrator connect(String name, ConnectionFactory factory) throws IOException, TimeoutException {
        org.iaasengine.core.InvalidInputException.check(name != null && name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}"),
                "orchestrator name must be 1 to 63 letters, digits, '.', '_' or '-', was '%s'", name);
        return new Orchestrator(name, factory.newConnection("iaas-orchestrator-" + name));
    }

    /** The reply queue of orchestrator {@code name}. */
    public static String replyQueue(String name) {
        return "iaas-results." + name;
    }

    /** Submits {@code request} to the agent of {@code node} under a new job id. */
    public JobHandle submit(String node, ActionRequest request) {
        return submit(node, UUID.randomUUID().toString(), request);
    }

    /**
     * Submits {@code request} to the agent of {@code node} as job {@code jobId}: submitting the
     * same job id again does not run it again (the agent answers from its journal).
     *
     * @throws CommandException TRANSIENT when the broker did not confirm the job
     */
    public JobHandle submit(String node, String jobId, ActionRequest request) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(jobId, "jobId");
        Jobs.Request job = new Jobs.Request(Jobs.SCHEMA, jobId, node, Jobs.tree(RequestCodec.writer().toJson(request)));
        JobHandle h = new JobHandle(jobId, node, new CompletableFuture<>());
        jobs.put(jobId, h);
        send(node, jobId, Jobs.write(job));
        return h;
    }

    /** Sends {@code body} as job {@code jobId} to {@code node}'s queue as it is (tests send bad messages). */
    void send(String node, String jobId, byte[] body) {
        jobs.computeIfAbsent(jobId, id -> new JobHandle(id, node, new CompletableFuture<>()));
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(2).correlationId(jobId).replyTo(replyQueue(name)).build();
        synchronized (publishLock) {
            try {
                publish.basicPublish("", HostAgent.queue(node), true, props, body);
                publish.waitForConfirmsOrDie(confirmTimeout.toMillis());
            } catch (IOException | TimeoutException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                jobs.remove(jobId);
                throw new CommandException(FailureCategory.TRANSIENT, "job " + jobId + " for node '" + node
                        + "' was not confirmed by the broker: " + e, e);
            }
        }
    }

    /** The job {@code jobId} this orchestrator submitted. */
    public Optional<JobHandle> job(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    private void onAnswer(Delivery d) throws IOException {
        try {
            Jobs.Answer a = Jobs.read(d.getBody(), Jobs.Answer.class);
            JobHandle h = jobs.get(a.jobId());
            if (h != null) {
                h.answer().complete(a);
            } else {
                LOG.info("orchestrator {}: answer to job {} that it does not know", name, a.jobId());
            }
        } catch (Jobs.BadMessageException e) {
            LOG.warn("orchestrator {}: an answer that does not read: {}", name, e.getMessage());
        }
        consume.basicAck(d.getEnvelope().getDeliveryTag(), false);
    }

    @Override
    public void close() throws IOException {
        connection.close((int) Duration.ofSeconds(10).toMillis());
    }
}
