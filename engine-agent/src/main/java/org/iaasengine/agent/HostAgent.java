package org.iaasengine.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.iaasengine.core.Action;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.ActionHandle;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.core.EngineListener;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.RevertFailure;
import org.iaasengine.journal.JournalRecovery;
import org.iaasengine.journal.Outcome;
import org.iaasengine.journal.RecoveryReport;
import org.iaasengine.journal.SqlJournal;
import org.iaasengine.model.Host;
import org.iaasengine.model.ModelChange;
import org.iaasengine.model.ModelListener;
import org.iaasengine.model.ModelSnapshot;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.request.ActionRegistry;
import org.iaasengine.request.ActionRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent of one host. It consumes its durable quorum queue {@code hva-handle.<node>} and runs
 * each job through an engine that writes its journal; it answers on the submitter's reply key with
 * publisher confirms and acknowledges a job only after its outcome is in the journal and its
 * answer confirmed. The job id is the run's id and its idempotency key: a job finished before (a
 * redelivery, or the same job submitted again) is answered from the journal and not run again; a
 * job that was running when the agent died is settled by {@link JournalRecovery} on the next start
 * and answered from the journal when it is delivered again.
 *
 * <p>Besides jobs it takes cancels and sync requests on {@code hva-control.<node>}; it publishes
 * heartbeats, its model (an InitModel on start and on request, then each change) and the progress
 * of its jobs on the events exchange under its own node's routing keys. A message it cannot run
 * (malformed, oversized, another schema, another node, an unknown action, an invalid request) is
 * published to the dead-letter exchange with the reason in its headers, answered REJECTED, and
 * acknowledged: it never crashes the agent nor runs. See {@link Topology} for the names.
 *
 * <pre>{@code
 * try (HostAgent<LibvirtPlanContext> agent = HostAgent.builder("host-a", factory, LibvirtRegistry.registry(), ctx)
 *         .engine(engine).journal(journal).model(model, monitor::initModel).build()) {
 *     agent.start();
 *     ...
 * }
 * }</pre>
 *
 * @param <C> what the registry's plan factories resolve names against
 */
public final class HostAgent<C> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostAgent.class);

    /** A job this agent runs now. */
    private static final class Running {
        final ActionHandle<?> handle;
        final List<Long> tags = new ArrayList<>();
        final String replyTo;
        final long startNanos = System.nanoTime();

        Running(ActionHandle<?> handle, long tag, String replyTo) {
            this.handle = handle;
            this.tags.add(tag);
            this.replyTo = replyTo;
        }
    }

    private final String node;
    private final ConnectionFactory factory;
    private final ActionRegistry<C> registry;
    private final C context;
    private final Engine engine;
    private final SqlJournal journal;
    private final int prefetch;
    private final Duration confirmTimeout;
    private final Duration heartbeat;
    private final Duration stopGrace;
    private final Duration recoveryWait;
    private final ResourceModel model;
    private final Runnable resync;
    private final String hypervisorUri;
    private final AgentMetrics metrics;
    private final Map<String, String> attributes;
    private final String incarnation = Instant.now() + "/" + UUID.randomUUID();
    private final Object jobsLock = new Object();
    private final Map<String, Running> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final ScheduledExecutorService events;
    private final ModelListener modelListener = this::onModelChange;
    private final EngineListener progressListener = this::onEngineEvent;
    private volatile boolean stopping;
    private Connection connection;
    private Channel jobs;
    private ConfirmingPublisher answers;
    private Channel eventChannel;
    private Channel control;
    private Channel probe;
    private String jobsConsumer;
    private RecoveryReport recovery;

    private HostAgent(Builder<C> b) {
        this.node = b.node;
        this.factory = b.factory;
        this.registry = b.registry;
        this.context = b.context;
        this.engine = Objects.requireNonNull(b.engine, "engine");
        this.journal = Objects.requireNonNull(b.journal, "journal");
        this.prefetch = b.prefetch;
        this.confirmTimeout = b.confirmTimeout;
        this.heartbeat = b.heartbeat;
        this.stopGrace = b.stopGrace;
        this.recoveryWait = b.recoveryWait;
        this.model = b.model;
        this.resync = b.resync;
        this.hypervisorUri = b.hypervisorUri;
        this.metrics = b.metrics;
        this.attributes = Map.copyOf(b.attributes);
        this.events = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "iaas-agent-events[" + node + "]");
            t.setDaemon(true);
            return t;
        });
    }

    public static <C> Builder<C> builder(String node, ConnectionFactory factory, ActionRegistry<C> registry, C context) {
        return new Builder<>(node, factory, registry, context);
    }

    /** The queue of {@code node}'s jobs. */
    public static String queue(String node) {
        return Topology.jobQueue(node);
    }

    /** This agent's node name. */
    public String node() {
        return node;
    }

    /** What the journal recovery settled at {@link #start()} (empty before). */
    public Optional<RecoveryReport> recovery() {
        return Optional.ofNullable(recovery);
    }

    /** How many jobs run here now. */
    public int running() {
        return inFlight.size();
    }

    /**
     * Settles what the journal left unfinished, connects, declares the node's queues, publishes
     * the model, starts heartbeats and consumes jobs and control messages.
     */
    public void start() throws IOException, TimeoutException {
        if (recoveryWait != null) {
            recovery = JournalRecovery.recover(engine, journal, registry, context, recoveryWait);
            if (!recovery.outcomes().isEmpty()) {
                LOG.info("agent {}: journal recovery settled {}", node, recovery.counts());
            }
        }
        connection = factory.newConnection("iaas-agent-" + node);
        jobs = connection.createChannel();
        answers = new ConfirmingPublisher(connection.createChannel(), confirmTimeout);
        eventChannel = connection.createChannel();
        control = connection.createChannel();
        probe = connection.createChannel();
        jobs.queueDeclare(Topology.jobQueue(node), true, false, false, Topology.jobQueueArguments());
        control.queueDeclare(Topology.controlQueue(node), true, false, false, Map.of());
        control.queueBind(Topology.controlQueue(node), Topology.CONTROL, node + ".#");
        jobs.basicQos(prefetch);
        engine.addListener(progressListener);
        if (model != null) {
            if (resync != null) {
                resync.run();
            }
            model.addListener(modelListener);
            events.execute(this::publishInitModel);
        }
        long every = heartbeat.toMillis();
        events.scheduleAtFixedRate(this::publishHeartbeat, 0, every, TimeUnit.MILLISECONDS);
        if (metrics != null) {
            metrics.lanesBusy(() -> engine.active().size());
            metrics.queueDepth(this::queueDepth);
        }
        // Cancels sent while the agent was away take effect before any job is taken.
        com.rabbitmq.client.GetResponse waiting;
        while ((waiting = control.basicGet(Topology.controlQueue(node), true)) != null) {
            onControl(waiting.getBody());
        }
        control.basicConsume(Topology.controlQueue(node), true, "iaas-agent-control-" + node,
                (tag, d) -> onControl(d.getBody()), tag -> LOG.warn("agent {}: the broker cancelled the control consumer", node));
        jobsConsumer = jobs.basicConsume(Topology.jobQueue(node), false, "iaas-agent-" + node,
                (tag, d) -> onDelivery(d), tag -> LOG.warn("agent {}: the broker cancelled the consumer of {}", node,
                        Topology.jobQueue(node)));
        LOG.info("agent {}: consuming {} (incarnation {})", node, Topology.jobQueue(node), incarnation);
    }

    /** Messages ready in the node's queue (for the metrics; NaN when the broker does not answer). */
    private synchronized double queueDepth() {
        Channel c = probe;
        if (c == null || !c.isOpen()) {
            return Double.NaN;
        }
        try {
            return c.messageCount(Topology.jobQueue(node));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    // ------------------------------------------------------------------ jobs

    private void onDelivery(Delivery d) {
        try {
            take(d);
        } catch (RuntimeException | Error e) {
            // Never lose the consumer: the job is left unacknowledged, so the broker delivers it
            // again (and dead-letters it after the queue's delivery limit).
            LOG.error("agent {}: delivery {} not handled", node, d.getProperties().getCorrelationId(), e);
        }
    }

    private void take(Delivery d) {
        long tag = d.getEnvelope().getDeliveryTag();
        String replyTo = d.getProperties().getReplyTo();
        String jobId = d.getProperties().getCorrelationId();
        Jobs.Request job;
        ActionRequest request;
        try {
            job = Jobs.readRequest(d.getBody());
            jobId = job.jobId();
            if (!job.node().equals(node)) {
                throw new Jobs.BadMessageException(Jobs.Reject.WRONG_NODE, "job " + job.jobId() + " is for node '"
                        + job.node() + "', not '" + node + "'");
            }
            try {
                request = registry.codec().fromJson(Jobs.text(job.request()));
            } catch (RuntimeException e) {
                throw new Jobs.BadMessageException(Jobs.Reject.INVALID_REQUEST, e.getMessage());
            }
            if (request.host() != null && !request.host().equals(node)) {
                throw new Jobs.BadMessageException(Jobs.Reject.WRONG_NODE, "job " + job.jobId() + " asks '"
                        + request.action() + "' of host '" + request.host() + "'; this agent is host '" + node + "'");
            }
        } catch (Jobs.BadMessageException e) {
            refuse(d, jobId, e.code(), e.getMessage());
            return;
        }
        Optional<Outcome> done;
        synchronized (jobsLock) {
            Running running = inFlight.get(job.jobId());
            if (running != null) {
                // Delivered again while it runs here: its run answers and settles both deliveries.
                running.tags.add(tag);
                return;
            }
            done = journal.outcome(job.jobId());
            if (done.isEmpty()) {
                start(d, job, request, tag, replyTo);
                return;
            }
        }
        LOG.info("agent {}: job {} was done before; answered from the journal", node, job.jobId());
        answerAsync(replyTo, fromJournal(job.jobId(), done.get())).whenComplete((v, e) -> {
            if (e == null) {
                settle(List.of(tag));
            }
        });
    }

    /** Plans and submits a job (under the jobs lock). */
    private void start(Delivery d, Jobs.Request job, ActionRequest request, long tag, String replyTo) {
        Action<?> plan;
        try {
            plan = registry.plan(context, request);
        } catch (RuntimeException e) {
            refuse(d, job.jobId(), Jobs.Reject.INVALID_REQUEST, e.getMessage());
            return;
        }
        LOG.info("agent {}: job {} {} on {}", node, job.jobId(), plan.name(), plan.resourceKey());
        ActionHandle<?> handle = engine.submit(plan, job.jobId());
        Running r = new Running(handle, tag, replyTo);
        inFlight.put(job.jobId(), r);
        String id = job.jobId();
        handle.future().whenComplete((result, error) -> finished(id, r, plan.name(), result, error));
    }

    private void finished(String jobId, Running r, String action, Object result, Throwable error) {
        Jobs.Answer a = error == null ? succeeded(jobId, result) : failed(jobId, error);
        if (error == null && result instanceof org.iaasengine.model.InstanceEvent ie && node.equals(ie.host())) {
            publish(ie);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - r.startNanos);
        if (stopping && a.outcome() == Jobs.Outcome.CANCELLED && a.failure() != null
                && "queued".equals(a.failure().failedStep())) {
            // Never started, cancelled by the shutdown: handed back to the broker, not answered.
            inFlight.remove(jobId);
            LOG.info("agent {}: job {} handed back (the agent stops)", node, jobId);
            return;
        }
        LOG.info("agent {}: job {} {} {} in {} ms", node, jobId, action, a.outcome(), took.toMillis());
        if (metrics != null) {
            metrics.jobFinished(action, a.outcome().name(), took);
        }
        List<Long> tags;
        synchronized (jobsLock) {
            inFlight.remove(jobId);
            tags = List.copyOf(r.tags);
        }
        answerAsync(r.replyTo, a).whenComplete((v, e) -> {
            if (e == null) {
                settle(tags);
            } else {
                LOG.error("agent {}: job {} not acknowledged (it is delivered again and answered from the journal): {}",
                        node, jobId, e.toString());
            }
        });
    }

    private void refuse(Delivery d, String jobId, Jobs.Reject code, String reason) {
        LOG.warn("agent {}: refused message {} ({}): {}", node, jobId, code, reason);
        if (metrics != null) {
            metrics.jobRejected(code.name());
        }
        Map<String, Object> headers = new HashMap<>();
        if (d.getProperties().getHeaders() != null) {
            headers.putAll(d.getProperties().getHeaders());
        }
        headers.put(Topology.REASON, reason);
        headers.put(Topology.REASON_CODE, code.name());
        headers.put(Topology.REFUSED_BY, node);
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType(d.getProperties().getContentType()).deliveryMode(2)
                .correlationId(jobId).replyTo(d.getProperties().getReplyTo()).headers(headers).build();
        try {
            answers.publishAndWait(Topology.DEAD_LETTERS, node + ".rejected", false, props, d.getBody());
            if (jobId != null) {
                answer(d.getProperties().getReplyTo(), rejected(jobId, code, reason));
            }
            settle(List.of(d.getEnvelope().getDeliveryTag()));
        } catch (RuntimeException e) {
            LOG.error("agent {}: refused message {} not dead-lettered yet (it is delivered again): {}", node, jobId,
                    e.getMessage());
        }
    }

    private Jobs.Answer succeeded(String jobId, Object result) {
        return new Jobs.Answer(Jobs.SCHEMA, jobId, node, Jobs.Outcome.SUCCEEDED,
                result == null ? null : journalJson(jobId), null, false);
    }

    /** The result as the journal wrote it: the same JSON a redelivery is answered with. */
    private JsonNode journalJson(String jobId) {
        return journal.outcome(jobId).map(o -> o.json() == null ? null : Jobs.tree(o.json())).orElse(null);
    }

    private Jobs.Answer failed(String jobId, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ActionFailedException f) {
            Jobs.Outcome o = f.category() == FailureCategory.CANCELLED ? Jobs.Outcome.CANCELLED : Jobs.Outcome.FAILED;
            return new Jobs.Answer(Jobs.SCHEMA, jobId, node, o, null,
                    new Jobs.Failure(f.category().name(), f.getMessage(), f.failedStep(), List.copyOf(f.reverted()),
                            f.revertFailures().stream().map(RevertFailure::toString).toList()), false);
        }
        return new Jobs.Answer(Jobs.SCHEMA, jobId, node, Jobs.Outcome.FAILED, null,
                new Jobs.Failure(FailureCategory.of(cause).name(), String.valueOf(cause.getMessage()), null, List.of(),
                        List.of()), false);
    }

    private Jobs.Answer rejected(String jobId, Jobs.Reject code, String reason) {
        return new Jobs.Answer(Jobs.SCHEMA, jobId, node, Jobs.Outcome.REJECTED, null,
                new Jobs.Failure(code.name(), reason, null, List.of(), List.of()), false);
    }

    private Jobs.Answer fromJournal(String jobId, Outcome o) {
        if (o.state() == SqlJournal.State.SUCCEEDED) {
            JsonNode result = o.json() == null ? null : Jobs.tree(o.json());
            return new Jobs.Answer(Jobs.SCHEMA, jobId, node, Jobs.Outcome.SUCCEEDED, result, null, true);
        }
        Outcome.Failure f = Jobs.read(o.json().getBytes(StandardCharsets.UTF_8), Outcome.Failure.class);
        Jobs.Outcome outcome = FailureCategory.CANCELLED.name().equals(f.category()) ? Jobs.Outcome.CANCELLED
                : Jobs.Outcome.FAILED;
        return new Jobs.Answer(Jobs.SCHEMA, jobId, node, outcome, null, new Jobs.Failure(f.category(),
                f.message(), f.failedStep(), f.reverted(), f.revertFailures()), true);
    }

    /** Publishes {@code a} to orchestrator {@code replyTo} and waits for the broker's confirm. */
    private void answer(String replyTo, Jobs.Answer a) {
        try {
            answerAsync(replyTo, a).join();
        } catch (CompletionException e) {
            throw new IllegalStateException("agent " + node + ": the answer to job " + a.jobId()
                    + " was not confirmed by the broker: " + e.getCause(), e.getCause());
        }
    }

    /** Publishes {@code a} to orchestrator {@code replyTo}; the future completes on the broker's confirm. */
    private java.util.concurrent.CompletableFuture<Void> answerAsync(String replyTo, Jobs.Answer a) {
        if (!Topology.validName(replyTo)) {
            LOG.warn("agent {}: job {} has no valid reply-to ('{}'); its answer ({}) is not sent", node, a.jobId(),
                    replyTo, a.outcome());
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(2).correlationId(a.jobId()).build();
        return answers.publish(Topology.RESULTS, node + "." + replyTo, false, props, Jobs.write(a));
    }

    private void settle(List<Long> tags) {
        // A tag from before a connection recovery is dropped by the client: the broker has
        // requeued that delivery and delivers it again.
        synchronized (jobsLock) {
            for (long tag : tags) {
                try {
                    jobs.basicAck(tag, false);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("agent {}: could not acknowledge delivery {}: {}", node, tag, e.getMessage());
                }
            }
        }
    }

    // ------------------------------------------------------------------ control

    private void onControl(byte[] body) {
        Jobs.Control c;
        try {
            c = Jobs.readControl(body);
        } catch (Jobs.BadMessageException e) {
            LOG.warn("agent {}: a control message that does not read: {}", node, e.getMessage());
            return;
        }
        try {
            switch (c.kind()) {
                case CANCEL -> cancel(c.jobId(), c.replyTo());
                case SYNC -> events.execute(this::publishInitModel);
                default -> LOG.warn("agent {}: control {} not understood", node, c.kind());
            }
        } catch (RuntimeException e) {
            LOG.error("agent {}: control {} of job {} failed", node, c.kind(), c.jobId(), e);
        }
    }

    /**
     * Cancels job {@code jobId}: a running one is interrupted and reverted (its run answers); one
     * not yet here is written to the journal as cancelled, so that it never runs and its delivery
     * is answered CANCELLED; a finished one is left as it ended.
     */
    private void cancel(String jobId, String replyTo) {
        if (jobId == null || jobId.isBlank()) {
            return;
        }
        synchronized (jobsLock) {
            Running r = inFlight.get(jobId);
            if (r != null) {
                LOG.info("agent {}: job {} cancelled while it runs", node, jobId);
                r.handle.cancel();
                return;
            }
            if (journal.outcome(jobId).isPresent()) {
                LOG.info("agent {}: job {} had ended; cancel ignored", node, jobId);
                return;
            }
            LOG.info("agent {}: job {} cancelled before it ran", node, jobId);
            ActionFailedException f = new ActionFailedException(jobId, "cancelled", "job:" + jobId, "queued",
                    FailureCategory.CANCELLED, new CommandException(FailureCategory.CANCELLED,
                            "job cancelled before it started"), List.of(), List.of());
            journal.actionStarted(jobId, "cancelled", "job:" + jobId, null);
            journal.actionFinished(jobId, false, f);
        }
        journal.outcome(jobId).ifPresent(o -> answer(replyTo, fromJournal(jobId, o)));
    }

    // ------------------------------------------------------------------ events

    private void onEngineEvent(EngineEvent e) {
        if (!inFlight.containsKey(e.actionId())) {
            return;
        }
        String what = e.getClass().getSimpleName();
        String step = null;
        String detail = null;
        if (e instanceof EngineEvent.CommandStarted s) {
            step = s.step();
        } else if (e instanceof EngineEvent.CommandSucceeded s) {
            step = s.step();
        } else if (e instanceof EngineEvent.CommandFailed s) {
            step = s.step();
            detail = s.category() + ": " + s.message();
        } else if (e instanceof EngineEvent.Retrying s) {
            step = s.step();
            detail = "in " + s.delay().toMillis() + " ms";
        } else if (e instanceof EngineEvent.Reverting s) {
            step = s.step();
        } else if (e instanceof EngineEvent.Reverted s) {
            step = s.step();
        } else if (e instanceof EngineEvent.Progress s) {
            step = s.step();
            detail = s.message();
        }
        Jobs.Progress p = new Jobs.Progress(e.actionId(), what, step, detail);
        events.execute(() -> publishEvent(Jobs.EventKind.PROGRESS, seq.get(), null, null, null, p));
    }

    /**
     * Publishes a named event of a VM on this agent's host ({@code fault_instance} from a monitor,
     * {@code volume_attached}...) on the events exchange under {@code <node>.instance.<event>}.
     * A job whose result is such an event publishes it by itself. Thread-safe; never blocks (an
     * event the broker does not take is dropped, as progress is). An event of another host is
     * refused: this agent speaks for its own host only.
     */
    public void publish(org.iaasengine.model.InstanceEvent event) {
        Objects.requireNonNull(event, "event");
        if (!node.equals(event.host())) {
            throw new InvalidInputException("agent '" + node + "' publishes events of its own host only, not of '"
                    + event.host() + "' (" + event.event() + " of vm '" + event.vm() + "')");
        }
        Jobs.InstanceEvent ie = instance(event);
        try {
            events.execute(() -> publishEvent(new Jobs.Event(Jobs.SCHEMA, node, incarnation, seq.get(),
                    Jobs.EventKind.INSTANCE, Instant.now(), null, null, null, null, ie)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("agent {}: {} of vm '{}' not published: the agent has stopped", node, ie.event(), ie.vm());
        }
    }

    static Jobs.InstanceEvent instance(org.iaasengine.model.InstanceEvent event) {
        return new Jobs.InstanceEvent(event.event(), event.host(), event.vm(), Jobs.tree(event));
    }

    private void onModelChange(ModelChange c) {
        Jobs.ModelEvent m = null;
        if (c instanceof ModelChange.VmAdded a) {
            m = node.equals(a.vm().host()) ? put(a.vm()) : null;
        } else if (c instanceof ModelChange.VmUpdated u) {
            m = node.equals(u.after().host()) ? put(u.after()) : node.equals(u.before().host()) ? gone(u.before()) : null;
        } else if (c instanceof ModelChange.VmRemoved r) {
            m = node.equals(r.vm().host()) ? gone(r.vm()) : null;
        } else if (c instanceof ModelChange.HostAdded h) {
            m = node.equals(h.host().name()) ? hostPut(h.host()) : null;
        } else if (c instanceof ModelChange.HostUpdated h) {
            m = node.equals(h.after().name()) ? hostPut(h.after()) : null;
        }
        Jobs.ModelEvent event = m;
        if (event != null) {
            events.execute(() -> publishEvent(Jobs.EventKind.MODEL, seq.incrementAndGet(), null, null, event, null));
        }
    }

    private static Jobs.ModelEvent put(Vm vm) {
        return new Jobs.ModelEvent(Jobs.ChangeKind.VM_PUT, vm, null);
    }

    private static Jobs.ModelEvent gone(Vm vm) {
        return new Jobs.ModelEvent(Jobs.ChangeKind.VM_GONE, vm, null);
    }

    private Jobs.ModelEvent hostPut(Host h) {
        return new Jobs.ModelEvent(Jobs.ChangeKind.HOST_PUT, null, announced(h));
    }

    /** {@code h} with the attributes this agent announces (its host group...) over the host's own. */
    private Host announced(Host h) {
        if (attributes.isEmpty()) {
            return h;
        }
        Map<String, String> a = new HashMap<>(h.attributes());
        a.putAll(attributes);
        return new Host(h.name(), h.uri(), h.state(), h.cpuModel(), h.cpus(), h.mhz(), h.memoryKiB(), h.freeMemoryKiB(), a);
    }

    private void publishInitModel() {
        if (model == null) {
            return;
        }
        ModelSnapshot s = model.snapshot();
        Jobs.ModelState state = new Jobs.ModelState(
                s.hosts().values().stream().filter(h -> node.equals(h.name())).map(this::announced).toList(),
                s.vms().values().stream().filter(v -> node.equals(v.host())).toList());
        publishEvent(Jobs.EventKind.INIT_MODEL, seq.incrementAndGet(), null, state, null, null);
    }

    private void publishHeartbeat() {
        Jobs.Heartbeat h = new Jobs.Heartbeat(heartbeat.toMillis(), inFlight.size(), engine.active().size(),
                hypervisorUri);
        publishEvent(Jobs.EventKind.HEARTBEAT, seq.get(), h, null, null, null);
        if (metrics != null) {
            metrics.heartbeatSent();
        }
    }

    /** On the events thread only (the events channel is used by that thread alone). */
    private void publishEvent(Jobs.EventKind kind, long n, Jobs.Heartbeat h, Jobs.ModelState m, Jobs.ModelEvent c,
            Jobs.Progress p) {
        publishEvent(new Jobs.Event(Jobs.SCHEMA, node, incarnation, n, kind, Instant.now(), h, m, c, p, null));
    }

    /** On the events thread only. */
    private void publishEvent(Jobs.Event e) {
        Channel ch = eventChannel;
        if (ch == null || !ch.isOpen()) {
            return;
        }
        Jobs.EventKind kind = e.kind();
        try {
            ch.basicPublish(Topology.EVENTS, node + "." + kind.word()
                    + (e.instance() == null ? "" : "." + e.instance().event()),
                    new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(1).build(),
                    Jobs.write(e));
        } catch (IOException | RuntimeException ex) {
            // Lost events are healed: the next heartbeat's seq shows the gap and the orchestrator asks to sync.
            LOG.debug("agent {}: event {} not published: {}", node, kind, ex.getMessage());
        }
    }

    // ------------------------------------------------------------------ stop

    /**
     * Stops taking jobs, waits up to {@code grace} for the running ones to finish and answer,
     * says it goes offline, and closes its connection: a job not finished by then stays
     * unacknowledged and goes back to the queue (its journal settles what it had done on the next
     * start). The engine and the journal are the caller's to close afterwards.
     */
    public void stop(Duration grace) {
        stopping = true;
        if (jobs != null && jobsConsumer != null && jobs.isOpen()) {
            try {
                jobs.basicCancel(jobsConsumer);
            } catch (IOException | RuntimeException e) {
                LOG.warn("agent {}: could not stop consuming: {}", node, e.getMessage());
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!inFlight.isEmpty()) {
            LOG.warn("agent {}: {} job(s) still running at stop; handed back to the queue: {}", node,
                    inFlight.size(), inFlight.keySet());
        }
        if (model != null) {
            model.removeListener(modelListener);
        }
        engine.removeListener(progressListener);
        try {
            events.submit(() -> publishEvent(Jobs.EventKind.OFFLINE, seq.get(), null, null, null, null))
                    .get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("agent {}: offline event not sent: {}", node, e.toString());
        }
        events.shutdownNow();
        if (connection != null && connection.isOpen()) {
            try {
                connection.close((int) Duration.ofSeconds(10).toMillis());
            } catch (IOException | RuntimeException e) {
                LOG.warn("agent {}: closing the connection: {}", node, e.getMessage());
            }
        }
        LOG.info("agent {}: stopped", node);
    }

    /** {@link #stop(Duration)} with the builder's grace (default 60 s). */
    @Override
    public void close() {
        if (!stopping) {
            stop(stopGrace);
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
        private Duration heartbeat = Duration.ofSeconds(2);
        private Duration stopGrace = Duration.ofSeconds(60);
        private Duration recoveryWait = Duration.ofMinutes(5);
        private ResourceModel model;
        private Runnable resync;
        private String hypervisorUri;
        private AgentMetrics metrics;
        private final Map<String, String> attributes = new HashMap<>();

        private Builder(String node, ConnectionFactory factory, ActionRegistry<C> registry, C context) {
            this.node = Topology.checkName("node", node);
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
            InvalidInputException.check(n >= 1 && n <= 1000, "prefetch must be 1 to 1000, was %s", n);
            this.prefetch = n;
            return this;
        }

        /** The interval of heartbeats (default 2 s). */
        public Builder<C> heartbeat(Duration every) {
            InvalidInputException.check(every != null && every.toMillis() >= 100 && every.toSeconds() <= 60,
                    "heartbeat must be 100 ms to 60 s, was %s", every);
            this.heartbeat = every;
            return this;
        }

        /** How long {@link #close()} waits for running jobs (default 60 s). */
        public Builder<C> stopGrace(Duration grace) {
            InvalidInputException.check(grace != null && !grace.isNegative(), "stop grace must be >= 0, was %s", grace);
            this.stopGrace = grace;
            return this;
        }

        /** How long {@link #start()} waits for the journal's recovery (default 5 min); null: no recovery. */
        public Builder<C> recoveryWait(Duration wait) {
            this.recoveryWait = wait;
            return this;
        }

        /**
         * The model this agent publishes (its host and the VMs on it) and how to read it from the
         * host again ({@code resync}, run at start; may be null).
         */
        public Builder<C> model(ResourceModel m, Runnable resync) {
            this.model = Objects.requireNonNull(m, "model");
            this.resync = resync;
            return this;
        }

        /** The hypervisor URI the heartbeats name (no credentials in it). */
        public Builder<C> hypervisorUri(String uri) {
            this.hypervisorUri = uri;
            return this;
        }

        /** Where the agent counts its jobs (default: nowhere). */
        public Builder<C> metrics(AgentMetrics m) {
            this.metrics = m;
            return this;
        }

        /**
         * Attributes the agent adds to its host in the model it publishes, such as its host group
         * ({@code group}, which placement filters on).
         */
        public Builder<C> attributes(Map<String, String> a) {
            a.forEach((k, v) -> {
                InvalidInputException.check(k != null && !k.isBlank() && v != null,
                        "host attribute '%s' must have a name and a value, was '%s'", k, v);
                attributes.put(k, v);
            });
            return this;
        }

        public HostAgent<C> build() {
            return new HostAgent<>(this);
        }
    }
}
