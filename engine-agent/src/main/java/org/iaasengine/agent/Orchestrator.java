package org.iaasengine.agent;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.model.HostState;
import org.iaasengine.request.ActionRequest;
import org.iaasengine.request.RequestCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's client of the host agents.
 *
 * <ul>
 * <li>{@link #submit} keeps the job in its {@link JobStore}, publishes it on the node's queue
 * (persistent, mandatory, confirmed) and returns a {@link JobHandle}: the future of the agent's
 * answer, its progress, and {@link JobHandle#cancel()}. Answers arrive on this orchestrator's
 * durable reply queue {@code iaas-results.<name>}; the first answer of a job is kept.</li>
 * <li>{@link #job} finds a job by id, also after a restart: a store that survives the process
 * ({@link JobStore#sqlite}, {@link JobStore#postgres}) keeps it, and on connect the jobs still
 * unanswered are sent again; the agents answer a job they already ran from their journal.</li>
 * <li>Liveness, like Wakame's node collector: each agent's heartbeats make it ONLINE; three missed
 * intervals make it TIMED_OUT, {@link Builder#offlineAfter} (or its goodbye) OFFLINE. A job for a
 * node that is not ONLINE fails at once ({@link NodeUnavailableException}) unless it is submitted
 * with {@link SubmitOptions#waitForNode()}: it then waits in the node's durable queue.</li>
 * <li>{@link #cluster()}: the model of every host, from the agents' InitModel and events; a gap in
 * a node's event sequence (a lost event) makes the orchestrator ask that node for its model again.</li>
 * <li>{@link #submit(PlacedCreate)}: a create whose host the {@link Builder#placement placement policy}
 * chooses, with a reservation so that placements at once never overbook a host; an HA one is
 * recreated elsewhere when its node goes OFFLINE, and its copy there cleaned up when the node is
 * back ({@link Builder#evacuation}).</li>
 * </ul>
 *
 * <pre>{@code
 * try (Orchestrator o = Orchestrator.builder("orch-1", factory).store(JobStore.sqlite(path)).connect()) {
 *     JobHandle h = o.submit("host-a", CreateRequest.builder("web1").host("host-a").memoryMiB(512).build());
 *     Jobs.Answer a = h.answer().get(5, TimeUnit.MINUTES);
 * }
 * }</pre>
 */
public final class Orchestrator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);

    /** Where a node stands, as its heartbeats say. */
    public enum NodeState {
        ONLINE, TIMED_OUT, OFFLINE
    }

    /** What the orchestrator knows of a node's agent. */
    public record NodeStatus(String node, NodeState state, Instant lastHeard, String incarnation, long intervalMillis,
            int jobsRunning, String hypervisorUri) {
    }

    /** How to submit a job. */
    public record SubmitOptions(boolean waitsForNode) {
        /** Fail at once when the node is not ONLINE (the default). */
        public static SubmitOptions defaults() {
            return new SubmitOptions(false);
        }

        /** Queue the job even when the node is TIMED_OUT or OFFLINE: it runs when the agent is back. */
        public static SubmitOptions waitForNode() {
            return new SubmitOptions(true);
        }
    }

    /** A job for a node whose agent is not ONLINE; the job was not queued. */
    public static final class NodeUnavailableException extends CommandException {
        private final NodeStatus status;

        NodeUnavailableException(NodeStatus status, String message) {
            super(FailureCategory.TRANSIENT, message);
            this.status = status;
        }

        public NodeStatus status() {
            return status;
        }
    }

    /** A submitted job. */
    public final class JobHandle {
        private final String jobId;
        private final String node;
        private final CompletableFuture<Jobs.Answer> answer = new CompletableFuture<>();
        private final List<Consumer<Jobs.Progress>> progressListeners = new CopyOnWriteArrayList<>();
        private final List<Jobs.Progress> progress = new CopyOnWriteArrayList<>();

        JobHandle(String jobId, String node) {
            this.jobId = jobId;
            this.node = node;
        }

        public String jobId() {
            return jobId;
        }

        public String node() {
            return node;
        }

        /** Completes with the agent's answer (SUCCEEDED, FAILED, CANCELLED or REJECTED). */
        public CompletableFuture<Jobs.Answer> answer() {
            return answer;
        }

        /** The progress heard so far (while this orchestrator ran). */
        public List<Jobs.Progress> progress() {
            return List.copyOf(progress);
        }

        /** Calls {@code listener} with each progress event from now on. */
        public JobHandle onProgress(Consumer<Jobs.Progress> listener) {
            progressListeners.add(listener);
            return this;
        }

        /**
         * Asks the agent to cancel the job: a job not yet started never runs; a running one is
         * interrupted and what it did reverted. The answer then says CANCELLED (with what was
         * reverted), or how the job ended if it had ended first. Returns false when the job had
         * already been answered.
         */
        public boolean cancel() {
            if (answer.isDone()) {
                return false;
            }
            Jobs.Control c = new Jobs.Control(Jobs.SCHEMA, Jobs.ControlKind.CANCEL, jobId, name);
            declareControl(node);
            publisher.publishAndWait(Topology.CONTROL, node + ".cancel", false, persistent(jobId), Jobs.write(c));
            return true;
        }

        void progress(Jobs.Progress p) {
            progress.add(p);
            for (Consumer<Jobs.Progress> l : progressListeners) {
                try {
                    l.accept(p);
                } catch (RuntimeException e) {
                    LOG.warn("orchestrator {}: a progress listener of job {} failed", name, jobId, e);
                }
            }
        }
    }

    private static final class Node {
        volatile NodeStatus status;
        volatile long seq = -1;
        volatile String incarnation;
        volatile long lastSyncAsk;
    }

    private final String name;
    private final JobStore store;
    private final Duration offlineAfter;
    private final Clock clock;
    private final Connection connection;
    private final ConfirmingPublisher publisher;
    private final Channel consume;
    private final Channel eventChannel;
    private final Map<String, JobHandle> handles = new ConcurrentHashMap<>();
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private final List<Consumer<NodeStatus>> nodeListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Jobs.InstanceEvent>> instanceListeners = new CopyOnWriteArrayList<>();
    private final ClusterModel cluster = new ClusterModel();
    private final ScheduledExecutorService liveness;
    private final org.iaasengine.agent.placement.Placer placer;
    private final Evacuator evacuator;

    private Orchestrator(Builder b, Connection connection) throws IOException {
        this.name = b.name;
        this.store = b.store;
        this.offlineAfter = b.offlineAfter;
        this.clock = b.clock;
        this.connection = connection;
        Channel pub = connection.createChannel();
        Topology.declareShared(pub);
        this.publisher = new ConfirmingPublisher(pub, b.confirmTimeout);
        pub.addReturnListener(r -> {
            String jobId = r.getProperties().getCorrelationId();
            JobHandle h = jobId == null ? null : handles.get(jobId);
            if (h != null && r.getExchange().isEmpty()) {
                store.forget(jobId);
                h.answer.completeExceptionally(CommandException.notFound("no agent queue for node '" + h.node
                        + "' (" + r.getRoutingKey() + "): the job " + jobId + " was not queued"));
            }
        });
        this.consume = connection.createChannel();
        consume.basicQos(256);
        String replies = Topology.replyQueue(name);
        consume.queueDeclare(replies, true, false, false, Map.of("x-queue-type", "quorum"));
        consume.queueBind(replies, Topology.RESULTS, "*." + name);
        this.eventChannel = connection.createChannel();
        String events = Topology.eventQueue(name);
        eventChannel.queueDeclare(events, false, true, true, Map.of());
        eventChannel.queueBind(events, Topology.EVENTS, "#");
        this.liveness = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "iaas-orchestrator-liveness[" + name + "]");
            t.setDaemon(true);
            return t;
        });
        this.placer = new org.iaasengine.agent.placement.Placer(b.placement, cluster::snapshot, this::isOnline);
        this.evacuator = new Evacuator(this, store, b.evacuation, b.leftoverCleanup);
        evacuator.load();
        cluster.fence(evacuator::fenced);
        cluster.model().addListener(change -> {
            if (change instanceof org.iaasengine.model.ModelChange.VmAdded a && a.vm().host() != null) {
                placer.seen(a.vm().name(), a.vm().host());
            } else if (change instanceof org.iaasengine.model.ModelChange.VmUpdated u && u.after().host() != null) {
                placer.seen(u.after().name(), u.after().host());
            }
        });
        eventChannel.basicConsume(events, true, "iaas-orchestrator-events-" + name, (tag, d) -> onEvent(d),
                tag -> LOG.warn("orchestrator {}: the broker cancelled the consumer of {}", name, events));
        consume.basicConsume(replies, false, "iaas-orchestrator-" + name, (tag, d) -> onAnswer(d),
                tag -> LOG.warn("orchestrator {}: the broker cancelled the consumer of {}", name, replies));
        liveness.scheduleWithFixedDelay(this::checkLiveness, 250, 250, TimeUnit.MILLISECONDS);
        resend();
        evacuator.restore();
        liveness.scheduleWithFixedDelay(evacuator::tick, 2, 2, TimeUnit.SECONDS);
    }

    /** Connects as orchestrator {@code name} with an in-memory job store. */
    public static Orchestrator connect(String name, ConnectionFactory factory) throws IOException, TimeoutException {
        return builder(name, factory).connect();
    }

    public static Builder builder(String name, ConnectionFactory factory) {
        return new Builder(name, factory);
    }

    /** The reply queue of orchestrator {@code name}. */
    public static String replyQueue(String name) {
        return Topology.replyQueue(name);
    }

    /** This orchestrator's name. */
    public String name() {
        return name;
    }

    /** The model of every host the agents report. */
    public ClusterModel cluster() {
        return cluster;
    }

    /** The nodes heard from, by name. */
    public Map<String, NodeStatus> nodes() {
        Map<String, NodeStatus> out = new java.util.TreeMap<>();
        nodes.forEach((k, v) -> {
            if (v.status != null) {
                out.put(k, v.status);
            }
        });
        return out;
    }

    /**
     * Calls {@code listener} with every named VM event the agents publish ({@code instance_started},
     * {@code fault_instance}, {@code volume_attached}...), on the orchestrator's event thread: it
     * must only hand the event on. Events are not stored: those sent while no orchestrator listens
     * are gone (the model events and a sync keep the cluster model right regardless).
     */
    public void addInstanceListener(Consumer<Jobs.InstanceEvent> listener) {
        instanceListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Calls {@code listener} on every change of a node's state. */
    public void addNodeListener(Consumer<NodeStatus> listener) {
        nodeListeners.add(listener);
    }

    /** Waits up to {@code timeout} for {@code node} to be ONLINE; returns its status. */
    public NodeStatus awaitOnline(String node, Duration timeout) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Node n = nodes.get(node);
            if (n != null && n.status != null && n.status.state() == NodeState.ONLINE) {
                return n.status;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("node '" + node + "' not ONLINE within " + timeout.toMillis() + " ms (now "
                        + (n == null || n.status == null ? "never heard from" : n.status.state()) + ")");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("interrupted");
            }
        }
    }

    /** Submits {@code request} to the agent of {@code node} under a new job id. */
    public JobHandle submit(String node, ActionRequest request) {
        return submit(node, UUID.randomUUID().toString(), request, SubmitOptions.defaults());
    }

    /** Submits {@code request} as job {@code jobId} (an idempotency key: the same id never runs twice). */
    public JobHandle submit(String node, String jobId, ActionRequest request) {
        return submit(node, jobId, request, SubmitOptions.defaults());
    }

    /**
     * Submits {@code request} to the agent of {@code node} as job {@code jobId}: submitting the
     * same job id again does not run it again (the agent answers from its journal).
     *
     * @throws NodeUnavailableException when the node is TIMED_OUT or OFFLINE and {@code options} do not wait
     * @throws CommandException TRANSIENT when the broker did not confirm the job
     */
    public JobHandle submit(String node, String jobId, ActionRequest request, SubmitOptions options) {
        Objects.requireNonNull(request, "request");
        return submitJson(node, jobId, request.action(), RequestCodec.writer().toJson(request), options);
    }

    /** {@link #submit(String, String, ActionRequest, SubmitOptions)} of a request already written as JSON. */
    JobHandle submitJson(String node, String jobId, String action, String json, SubmitOptions options) {
        Topology.checkName("node", node);
        Objects.requireNonNull(jobId, "jobId");
        org.iaasengine.core.InvalidInputException.check(!jobId.isBlank() && jobId.length() <= 200,
                "job id must be 1 to 200 characters, was '%s'", jobId);
        Node n = nodes.get(node);
        NodeStatus st = n == null ? null : n.status;
        if (st != null && st.state() != NodeState.ONLINE && !options.waitsForNode()) {
            throw new NodeUnavailableException(st, "node '" + node + "' is " + st.state() + " (last heard "
                    + Duration.between(st.lastHeard(), clock.instant()).toMillis() + " ms ago): job " + jobId
                    + " was not queued; submit with SubmitOptions.waitForNode() to queue it for when its agent is back");
        }
        JobHandle existing = handles.get(jobId);
        if (existing != null) {
            return existing;
        }
        Optional<JobStore.Job> kept = store.find(jobId);
        if (kept.isPresent()) {
            return handle(kept.get());
        }
        store.submitted(new JobStore.Job(jobId, name, node, action, json, clock.instant(), null));
        JobHandle h = new JobHandle(jobId, node);
        handles.put(jobId, h);
        try {
            publish(node, jobId, new Jobs.Request(Jobs.SCHEMA, jobId, node, Jobs.tree(json)));
        } catch (RuntimeException e) {
            handles.remove(jobId);
            store.forget(jobId);
            throw e;
        }
        return h;
    }

    /**
     * Submits a create whose host the placement policy chooses: the host is chosen and what the VM
     * takes reserved there in one step (two placements at once never overbook a host), the VM's
     * record (its request, demand and HA flag) kept in the job store, and the request sent to the
     * chosen node with its host set. The reservation is released when the job fails; when it
     * succeeds, it lasts until the cluster model shows the VM on that node. The handle's
     * {@link JobHandle#node()} is the host chosen. The same job id again returns the same handle.
     *
     * @throws org.iaasengine.agent.placement.NoHostFitsException when no host fits, with each host's reason
     * @throws CommandException CONFLICT when the cluster model already has a VM of that name
     */
    public JobHandle submit(PlacedCreate placed) {
        Objects.requireNonNull(placed, "placed");
        String jobId = placed.jobId() != null ? placed.jobId() : UUID.randomUUID().toString();
        JobHandle existing = handles.get(jobId);
        if (existing != null) {
            return existing;
        }
        Optional<JobStore.Job> kept = store.find(jobId);
        if (kept.isPresent()) {
            return handle(kept.get());
        }
        String vm = placed.demand().vm();
        Optional<org.iaasengine.model.Vm> there = cluster.snapshot().vm(vm);
        if (there.isPresent()) {
            throw new CommandException(FailureCategory.CONFLICT, "VM '" + vm + "' already exists (on host '"
                    + there.get().host() + "'): job " + jobId + " was not placed");
        }
        org.iaasengine.agent.placement.Reservation r = placer.reserve(jobId, placed.demand());
        String unbound = placed.unboundJson();
        try {
            store.keepVm(new JobStore.VmRecord(vm, name, r.node(), unbound, placed.demand(), placed.ha(), jobId, 0,
                    null, clock.instant()));
            JobHandle h = submitJson(r.node(), jobId, placed.request().action(), PlacedCreate.bind(unbound, r.node()),
                    SubmitOptions.defaults());
            evacuator.watchCreate(h, vm);
            LOG.info("orchestrator {}: job {} places VM {} on {}", name, jobId, vm, r.node());
            return h;
        } catch (RuntimeException e) {
            placer.release(jobId);
            store.vm(vm).filter(v -> v.jobId().equals(jobId)).ifPresent(v -> store.forgetVm(vm));
            throw e;
        }
    }

    /** The placement: its policy, the reservations held and each host's load. */
    public org.iaasengine.agent.placement.Placer placement() {
        return placer;
    }

    /** The records of the VMs this orchestrator placed (their create requests, demands, HA flags), by name. */
    public List<JobStore.VmRecord> vmRecords() {
        return store.vms(name);
    }

    /** The copies of evacuated VMs left on the hosts they left, until those hosts no longer report them. */
    public List<JobStore.Leftover> leftovers() {
        return store.leftovers();
    }

    boolean isOnline(String node) {
        Node n = nodes.get(node);
        NodeStatus s = n == null ? null : n.status;
        return s != null && s.state() == NodeState.ONLINE;
    }

    Clock clock() {
        return clock;
    }

    /** The nodes now OFFLINE. */
    List<String> offlineNodes() {
        return nodes.entrySet().stream().filter(e -> e.getValue().status != null
                && e.getValue().status.state() == NodeState.OFFLINE).map(Map.Entry::getKey).sorted().toList();
    }

    /** The handle of a job kept in the store (also one answered before a restart). */
    Optional<JobHandle> storedJob(String jobId) {
        return job(jobId);
    }

    private void publish(String node, String jobId, Jobs.Request job) {
        send(node, jobId, Jobs.write(job));
    }

    /** Sends {@code body} as job {@code jobId} to {@code node}'s queue as it is (tests send bad messages). */
    void send(String node, String jobId, byte[] body) {
        handles.computeIfAbsent(jobId, id -> new JobHandle(id, node));
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(2).correlationId(jobId).replyTo(name).build();
        try {
            publisher.publishAndWait("", Topology.jobQueue(node), true, props, body);
        } catch (RuntimeException e) {
            throw new CommandException(FailureCategory.TRANSIENT, "job " + jobId + " for node '" + node
                    + "' was not confirmed by the broker: " + e.getMessage(), e);
        }
    }

    /** The job {@code jobId} this orchestrator submitted (also before a restart, with a lasting store). */
    public Optional<JobHandle> job(String jobId) {
        JobHandle h = handles.get(jobId);
        if (h != null) {
            return Optional.of(h);
        }
        return store.find(jobId).filter(j -> j.orchestrator().equals(name)).map(this::handle);
    }

    private JobHandle handle(JobStore.Job j) {
        return handles.computeIfAbsent(j.jobId(), id -> {
            JobHandle h = new JobHandle(id, j.node());
            if (j.answer() != null) {
                h.answer.complete(j.answer());
            }
            return h;
        });
    }

    /** Sends again every job of this orchestrator still unanswered (after a restart). */
    private void resend() {
        List<JobStore.Job> open = store.unanswered(name);
        for (JobStore.Job j : open) {
            handle(j);
            try {
                publish(j.node(), j.jobId(), new Jobs.Request(Jobs.SCHEMA, j.jobId(), j.node(), Jobs.tree(j.requestJson())));
            } catch (RuntimeException e) {
                LOG.warn("orchestrator {}: job {} not sent again: {}", name, j.jobId(), e.getMessage());
            }
        }
        if (!open.isEmpty()) {
            LOG.info("orchestrator {}: sent again {} unanswered job(s)", name, open.size());
        }
    }

    private void onAnswer(Delivery d) throws IOException {
        long tag = d.getEnvelope().getDeliveryTag();
        Jobs.Answer a;
        try {
            a = Jobs.read(d.getBody(), Jobs.Answer.class);
        } catch (Jobs.BadMessageException e) {
            LOG.warn("orchestrator {}: an answer that does not read: {}", name, e.getMessage());
            consume.basicAck(tag, false);
            return;
        }
        boolean first;
        try {
            first = store.answered(a.jobId(), a);
        } catch (RuntimeException e) {
            LOG.error("orchestrator {}: answer to job {} not kept; it is delivered again", name, a.jobId(), e);
            consume.basicNack(tag, false, true);
            return;
        }
        JobHandle h = handles.get(a.jobId());
        if (h == null) {
            h = store.find(a.jobId()).map(this::handle).orElse(null);
        }
        if (h != null) {
            if (first || !h.answer.isDone()) {
                h.answer.complete(a);
            }
        } else {
            LOG.info("orchestrator {}: answer to job {} that it does not know", name, a.jobId());
        }
        consume.basicAck(tag, false);
    }

    // ------------------------------------------------------------------ events and liveness

    private void onEvent(Delivery d) {
        Jobs.Event e;
        try {
            e = Jobs.readEvent(d.getBody());
        } catch (Jobs.BadMessageException ex) {
            LOG.warn("orchestrator {}: an event that does not read: {}", name, ex.getMessage());
            return;
        }
        String key = d.getEnvelope().getRoutingKey();
        if (!key.startsWith(e.node() + ".")) {
            // The broker's topic permissions prevent it; the check costs nothing.
            LOG.warn("orchestrator {}: event of node '{}' under key '{}' ignored", name, e.node(), key);
            return;
        }
        Node n = nodes.computeIfAbsent(e.node(), k -> new Node());
        try {
            switch (e.kind()) {
                case HEARTBEAT -> heartbeat(n, e);
                case INIT_MODEL -> {
                    evacuator.reported(e.node(), e.model());
                    cluster.replace(e.node(), e.model());
                    n.incarnation = e.incarnation();
                    n.seq = e.seq();
                }
                case MODEL -> {
                    evacuator.reported(e.node(), e.change());
                    cluster.apply(e.node(), e.change());
                    if (e.incarnation().equals(n.incarnation) && e.seq() == n.seq + 1) {
                        n.seq = e.seq();
                    } else {
                        askSync(e.node(), n, "event " + e.seq() + " after " + n.seq);
                    }
                }
                case PROGRESS -> {
                    JobHandle h = e.progress() == null ? null : handles.get(e.progress().jobId());
                    if (h != null) {
                        h.progress(e.progress());
                    }
                }
                case OFFLINE -> setState(e.node(), n, NodeState.OFFLINE, n.status == null ? clock.instant()
                        : n.status.lastHeard());
                case INSTANCE -> {
                    // A node speaks for its own host only (its broker user can publish under its own key only).
                    if (e.instance() != null && e.node().equals(e.instance().host())) {
                        for (Consumer<Jobs.InstanceEvent> l : instanceListeners) {
                            try {
                                l.accept(e.instance());
                            } catch (RuntimeException ex) {
                                LOG.warn("orchestrator {}: an instance listener failed", name, ex);
                            }
                        }
                    }
                }
                default -> {
                }
            }
        } catch (RuntimeException ex) {
            LOG.warn("orchestrator {}: event {} of node {} not applied: {}", name, e.kind(), e.node(), ex.toString());
        }
    }

    private void heartbeat(Node n, Jobs.Event e) {
        Jobs.Heartbeat h = e.heartbeat();
        NodeStatus prev = n.status;
        n.status = new NodeStatus(e.node(), NodeState.ONLINE, clock.instant(), e.incarnation(),
                h == null ? 2000 : h.intervalMillis(), h == null ? 0 : h.jobsRunning(), h == null ? null : h.hypervisorUri());
        if (prev == null || prev.state() != NodeState.ONLINE) {
            cluster.hostState(e.node(), HostState.UP);
            fire(n.status);
        }
        if (!e.incarnation().equals(n.incarnation) || e.seq() != n.seq) {
            askSync(e.node(), n, "heartbeat at " + e.seq() + ", model at " + n.seq);
        }
    }

    private final java.util.Set<String> controlDeclared = ConcurrentHashMap.newKeySet();

    /**
     * Declares {@code node}'s durable control queue (as its agent does): a cancel sent while the
     * agent is away waits there, and the agent reads it before it takes jobs.
     */
    private void declareControl(String node) {
        if (controlDeclared.contains(node)) {
            return;
        }
        synchronized (controlDeclared) {
            try (Channel ch = connection.createChannel()) {
                ch.queueDeclare(Topology.controlQueue(node), true, false, false, Map.of());
                ch.queueBind(Topology.controlQueue(node), Topology.CONTROL, node + ".#");
                controlDeclared.add(node);
            } catch (IOException | TimeoutException e) {
                throw new CommandException(FailureCategory.TRANSIENT, "cannot declare the control queue of node '"
                        + node + "': " + e.getMessage(), e);
            }
        }
    }

    private void askSync(String node, Node n, String why) {
        long now = System.nanoTime();
        long every = n.status == null ? 2000 : Math.max(500, n.status.intervalMillis());
        if (now - n.lastSyncAsk < TimeUnit.MILLISECONDS.toNanos(every * 2)) {
            return;
        }
        n.lastSyncAsk = now;
        LOG.debug("orchestrator {}: asking node {} for its model ({})", name, node, why);
        Jobs.Control c = new Jobs.Control(Jobs.SCHEMA, Jobs.ControlKind.SYNC, null, name);
        // Only useful now: a sync that waits for an agent that is away expires (its start publishes its model anyway).
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(1)
                .expiration(String.valueOf(Math.max(1000, every * 2))).build();
        publisher.publish(Topology.CONTROL, node + ".sync", false, props, Jobs.write(c));
    }

    private void checkLiveness() {
        Instant now = clock.instant();
        for (Map.Entry<String, Node> en : nodes.entrySet()) {
            Node n = en.getValue();
            NodeStatus s = n.status;
            if (s == null || s.state() == NodeState.OFFLINE) {
                continue;
            }
            long silent = Duration.between(s.lastHeard(), now).toMillis();
            if (silent > offlineAfter.toMillis()) {
                setState(en.getKey(), n, NodeState.OFFLINE, s.lastHeard());
            } else if (silent > 3 * s.intervalMillis() && s.state() == NodeState.ONLINE) {
                setState(en.getKey(), n, NodeState.TIMED_OUT, s.lastHeard());
            }
        }
    }

    private void setState(String node, Node n, NodeState state, Instant lastHeard) {
        NodeStatus s = n.status;
        if (s != null && s.state() == state) {
            return;
        }
        n.status = s == null ? new NodeStatus(node, state, lastHeard, null, 2000, 0, null)
                : new NodeStatus(node, state, lastHeard, s.incarnation(), s.intervalMillis(), 0, s.hypervisorUri());
        LOG.info("orchestrator {}: node {} is {}", name, node, state);
        cluster.hostState(node, state == NodeState.ONLINE ? HostState.UP : HostState.UNKNOWN);
        fire(n.status);
        if (state == NodeState.OFFLINE) {
            liveness.execute(() -> evacuator.offline(node));
        }
    }

    private void fire(NodeStatus s) {
        for (Consumer<NodeStatus> l : nodeListeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                LOG.warn("orchestrator {}: a node listener failed", name, e);
            }
        }
    }

    private static AMQP.BasicProperties persistent(String correlationId) {
        return new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2)
                .correlationId(correlationId).build();
    }

    /**
     * Deletes this orchestrator's reply queue and closes: for a one-off orchestrator (an example,
     * a script, a test) that leaves nothing on the broker. Refused while it has unanswered jobs:
     * their answers would be lost.
     */
    public void retire() throws IOException {
        List<JobStore.Job> open = store.unanswered(name);
        if (!open.isEmpty()) {
            throw new IllegalStateException("orchestrator " + name + " has " + open.size()
                    + " unanswered job(s) (first: " + open.get(0).jobId() + "): its reply queue is kept");
        }
        consume.queueDelete(Topology.replyQueue(name));
        close();
    }

    @Override
    public void close() {
        liveness.shutdownNow();
        try {
            if (connection.isOpen()) {
                connection.close((int) Duration.ofSeconds(10).toMillis());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("orchestrator {}: closing the connection: {}", name, e.getMessage());
        }
        store.close();
    }

    // ------------------------------------------------------------------ for the remote CLI and the live view

    /**
     * The {@code limit} most recent jobs of the job store, newest first: this orchestrator's and,
     * in a shared store, the others' (a job's {@link JobStore.Job#orchestrator()} says whose).
     */
    public List<JobStore.Job> recentJobs(int limit) {
        return store.recent(limit);
    }

    /**
     * Asks the agent of {@code node} for its whole model now (its InitModel), as a gap in its
     * events would: a one-off client (the CLI) that needs the model of a node sooner than the next
     * heartbeat calls it after connecting. The request expires unread when the agent is away.
     */
    public void requestModel(String node) {
        Topology.checkName("node", node);
        Jobs.Control c = new Jobs.Control(Jobs.SCHEMA, Jobs.ControlKind.SYNC, null, name);
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(1)
                .expiration("5000").build();
        publisher.publish(Topology.CONTROL, node + ".sync", false, props, Jobs.write(c));
    }

    /** Builds and connects an {@link Orchestrator}. */
    public static final class Builder {
        private final String name;
        private final ConnectionFactory factory;
        private JobStore store = JobStore.memory();
        private Duration offlineAfter = Duration.ofSeconds(30);
        private Duration confirmTimeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private org.iaasengine.agent.placement.PlacementPolicy placement =
                org.iaasengine.agent.placement.PlacementPolicy.defaults();
        private boolean evacuation = true;
        private java.util.function.BiFunction<String, String, ActionRequest> leftoverCleanup = CleanupJob::new;

        private Builder(String name, ConnectionFactory factory) {
            this.name = Topology.checkName("orchestrator", name);
            this.factory = Objects.requireNonNull(factory, "factory");
        }

        /** Where jobs and answers are kept (default: in memory). */
        public Builder store(JobStore s) {
            this.store = Objects.requireNonNull(s, "store");
            return this;
        }

        /** How long a node may be silent before it is OFFLINE (default 30 s). */
        public Builder offlineAfter(Duration d) {
            org.iaasengine.core.InvalidInputException.check(d != null && d.toMillis() >= 100,
                    "offlineAfter must be at least 100 ms, was %s", d);
            this.offlineAfter = d;
            return this;
        }

        /** How long a publish waits for the broker's confirm (default 30 s). */
        public Builder confirmTimeout(Duration d) {
            this.confirmTimeout = Objects.requireNonNull(d, "confirmTimeout");
            return this;
        }

        /** How {@link #submit(PlacedCreate)} and evacuation choose hosts (default {@link org.iaasengine.agent.placement.PlacementPolicy#defaults()}). */
        public Builder placement(org.iaasengine.agent.placement.PlacementPolicy p) {
            this.placement = Objects.requireNonNull(p, "placement");
            return this;
        }

        /**
         * Whether the HA VMs of a node that goes OFFLINE are recreated on other hosts (default
         * true). Off, the leftovers of earlier evacuations are still fenced and cleaned up.
         */
        public Builder evacuation(boolean on) {
            this.evacuation = on;
            return this;
        }

        /**
         * The request that tears down, on a host that comes back, the copy of a VM evacuated from it
         * (node, VM): default {@link CleanupJob}, the agents' {@code cleanup} action.
         */
        public Builder leftoverCleanup(java.util.function.BiFunction<String, String, ActionRequest> request) {
            this.leftoverCleanup = Objects.requireNonNull(request, "request");
            return this;
        }

        public Orchestrator connect() throws IOException, TimeoutException {
            Connection c = factory.newConnection("iaas-orchestrator-" + name);
            try {
                return new Orchestrator(this, c);
            } catch (IOException | RuntimeException e) {
                try {
                    c.close();
                } catch (IOException | RuntimeException ignored) {
                    // The first failure is the one to report.
                }
                throw e;
            }
        }
    }
}
