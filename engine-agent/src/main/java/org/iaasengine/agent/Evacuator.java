package org.iaasengine.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.iaasengine.agent.placement.Demand;
import org.iaasengine.agent.placement.NoHostFitsException;
import org.iaasengine.agent.placement.Reservation;
import org.iaasengine.model.ModelSnapshot;
import org.iaasengine.model.Vm;
import org.iaasengine.request.ActionRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's evacuation of HA VMs (Wakame's HA: recreate on another host from the stored
 * definition) and the cleanup of what they left behind.
 *
 * <ul>
 * <li>When a node goes OFFLINE (and every two seconds while it stays so), each HA VM this
 * orchestrator placed that the cluster model still shows on that node, and whose last job is not in
 * flight, is placed again by the policy and created there from its stored request, with its UUID
 * and MAC as the model knew them, as job {@code evacuate-<vm>-<generation>}: the record (new node,
 * generation, the node it left) is kept before the job is sent, so an orchestrator that restarts
 * sends the same job again (the agent answers it from its journal) instead of a second one.</li>
 * <li>When that job succeeds, the copy on the old node is a leftover: the cluster model ignores
 * that node's reports of the VM from then on (so the VM is in the model once, on its new host),
 * and the node is sent the cleanup job {@code cleanup-<vm>-<node>-<generation>}, queued for when
 * its agent is back. The leftover is forgotten once the node reports the VM gone.</li>
 * </ul>
 */
final class Evacuator {
    private static final Logger LOG = LoggerFactory.getLogger(Evacuator.class);

    private final Orchestrator orchestrator;
    private final JobStore store;
    private final boolean enabled;
    private final BiFunction<String, String, ActionRequest> cleanup;
    /** Fenced (VM, node) pairs: the leftovers. */
    private final Set<List<String>> fence = ConcurrentHashMap.newKeySet();

    Evacuator(Orchestrator orchestrator, JobStore store, boolean enabled,
            BiFunction<String, String, ActionRequest> cleanup) {
        this.orchestrator = orchestrator;
        this.store = store;
        this.enabled = enabled;
        this.cleanup = cleanup;
    }

    /** Reads the leftovers kept (before any event is heard). */
    void load() {
        for (JobStore.Leftover l : store.leftovers()) {
            fence.add(List.of(l.vm(), l.node()));
        }
    }

    boolean fenced(String node, String vm) {
        return fence.contains(List.of(vm, node));
    }

    /**
     * After a restart: reserves again for the placed jobs still unanswered and watches them (their
     * answers may come now).
     */
    void restore() {
        for (JobStore.VmRecord r : store.vms(orchestrator.name())) {
            Optional<JobStore.Job> job = store.find(r.jobId());
            if (job.isEmpty() || job.get().answer() != null) {
                continue; // answered before the restart: settled then
            }
            orchestrator.placement().restore(r.jobId(), r.demand(), r.node());
            orchestrator.storedJob(r.jobId()).ifPresent(h -> {
                if (r.evacuatedFrom() == null) {
                    watchCreate(h, r.vm());
                } else {
                    watchEvacuation(h, r);
                }
            });
        }
    }

    /** A placed create: its reservation settled or released, its record forgotten when it failed. */
    void watchCreate(Orchestrator.JobHandle h, String vm) {
        h.answer().whenComplete((a, e) -> {
            if (e == null && a.outcome() == Jobs.Outcome.SUCCEEDED) {
                orchestrator.placement().settle(h.jobId());
                return;
            }
            orchestrator.placement().release(h.jobId());
            try {
                store.vm(vm).filter(v -> v.jobId().equals(h.jobId())).ifPresent(v -> store.forgetVm(vm));
            } catch (RuntimeException ex) {
                LOG.warn("orchestrator {}: the record of VM {} (failed job {}) not forgotten: {}", orchestrator.name(),
                        vm, h.jobId(), ex.toString());
            }
        });
    }

    private void watchEvacuation(Orchestrator.JobHandle h, JobStore.VmRecord r) {
        h.answer().whenComplete((a, e) -> {
            if (e != null || a.outcome() != Jobs.Outcome.SUCCEEDED) {
                orchestrator.placement().release(h.jobId());
                LOG.warn("orchestrator {}: evacuation of VM {} from {} to {} (job {}) did not succeed: {}; tried again"
                        + " while {} is offline", orchestrator.name(), r.vm(), r.evacuatedFrom(), r.node(), h.jobId(),
                        e != null ? e.toString() : a.outcome() + " " + a.failure(), r.evacuatedFrom());
                return;
            }
            orchestrator.placement().settle(h.jobId());
            LOG.info("orchestrator {}: VM {} recreated on {} (job {}); its copy on {} is a leftover to clean up",
                    orchestrator.name(), r.vm(), r.node(), h.jobId(), r.evacuatedFrom());
            try {
                store.keepLeftover(new JobStore.Leftover(r.vm(), r.evacuatedFrom(), false));
                fence.add(List.of(r.vm(), r.evacuatedFrom()));
                sendCleanup(r);
            } catch (RuntimeException ex) {
                LOG.error("orchestrator {}: the leftover of VM {} on {} not kept or its cleanup not sent",
                        orchestrator.name(), r.vm(), r.evacuatedFrom(), ex);
            }
        });
    }

    private void sendCleanup(JobStore.VmRecord r) {
        String node = r.evacuatedFrom();
        String jobId = "cleanup-" + r.vm() + "-" + node + "-" + r.generation();
        Orchestrator.JobHandle h = orchestrator.submit(node, jobId, cleanup.apply(node, r.vm()),
                Orchestrator.SubmitOptions.waitForNode());
        h.answer().whenComplete((a, e) -> {
            if (e == null && a.outcome() == Jobs.Outcome.SUCCEEDED) {
                LOG.info("orchestrator {}: leftover of VM {} on {} cleaned up (job {})", orchestrator.name(), r.vm(),
                        node, jobId);
                if (fenced(node, r.vm())) {
                    store.keepLeftover(new JobStore.Leftover(r.vm(), node, true));
                }
            } else {
                LOG.error("orchestrator {}: cleanup of VM {} on {} (job {}) did not succeed: {}; the copy there stays"
                        + " fenced from the model", orchestrator.name(), r.vm(), node, jobId,
                        e != null ? e.toString() : a.outcome() + " " + a.failure());
            }
        });
    }

    /** Node {@code node}'s whole model: a leftover it no longer has is forgotten. */
    void reported(String node, Jobs.ModelState state) {
        if (fence.isEmpty()) {
            return;
        }
        Set<String> has = new java.util.HashSet<>();
        for (Vm v : state.vms()) {
            if (node.equals(v.host())) {
                has.add(v.name());
            }
        }
        for (List<String> f : List.copyOf(fence)) {
            if (f.get(1).equals(node) && !has.contains(f.get(0))) {
                forget(f.get(0), node);
            }
        }
    }

    /** One change of node {@code node}'s model: a leftover it reports gone is forgotten. */
    void reported(String node, Jobs.ModelEvent change) {
        if (change.change() == Jobs.ChangeKind.VM_GONE && change.vm() != null && fenced(node, change.vm().name())) {
            forget(change.vm().name(), node);
        }
    }

    private void forget(String vm, String node) {
        try {
            store.forgetLeftover(vm, node);
            fence.remove(List.of(vm, node));
            LOG.info("orchestrator {}: node {} no longer has VM {}: leftover forgotten", orchestrator.name(), node, vm);
        } catch (RuntimeException e) {
            LOG.warn("orchestrator {}: leftover of VM {} on {} not forgotten: {}", orchestrator.name(), vm, node,
                    e.toString());
        }
    }

    /** Evacuates every OFFLINE node (again: what found no host before may find one now). */
    void tick() {
        if (!enabled) {
            return;
        }
        try {
            for (String node : orchestrator.offlineNodes()) {
                offline(node);
            }
        } catch (RuntimeException e) {
            LOG.warn("orchestrator {}: evacuation round failed: {}", orchestrator.name(), e.toString());
        }
    }

    /** Recreates elsewhere each HA VM the cluster model shows on {@code node}, now OFFLINE. */
    synchronized void offline(String node) {
        if (!enabled || orchestrator.isOnline(node)) {
            return;
        }
        ModelSnapshot s = orchestrator.cluster().snapshot();
        for (JobStore.VmRecord r : store.vms(orchestrator.name())) {
            Optional<Vm> vm = s.vm(r.vm());
            if (!r.ha() || vm.isEmpty() || !node.equals(vm.get().host())) {
                continue;
            }
            if (store.find(r.jobId()).map(j -> j.answer() == null).orElse(false)) {
                continue; // its create or an evacuation is in flight
            }
            evacuate(r, vm.get(), node);
        }
    }

    private void evacuate(JobStore.VmRecord r, Vm vm, String from) {
        int generation = r.generation() + 1;
        String jobId = "evacuate-" + r.vm() + "-" + generation;
        Demand d = r.demand();
        Demand anywhere = new Demand(d.vm(), d.memoryMiB(), d.vcpus(), d.group(), d.antiAffinity(), d.affinity(), null);
        Reservation res;
        try {
            res = orchestrator.placement().reserve(jobId, anywhere);
        } catch (NoHostFitsException e) {
            LOG.warn("orchestrator {}: HA VM {} on offline node {} not evacuated yet: {}", orchestrator.name(), r.vm(),
                    from, e.getMessage());
            return;
        }
        JobStore.VmRecord next = new JobStore.VmRecord(r.vm(), r.orchestrator(), res.node(), r.requestJson(),
                r.demand(), true, jobId, generation, from, orchestrator.clock().instant());
        try {
            store.keepVm(next);
            JsonNode envelope = Jobs.tree(PlacedCreate.bind(r.requestJson(), res.node()));
            keepIdentity(envelope, vm);
            Orchestrator.JobHandle h = orchestrator.submitJson(res.node(), jobId, envelope.get("action").asText(),
                    Jobs.text(envelope), Orchestrator.SubmitOptions.defaults());
            LOG.info("orchestrator {}: node {} is offline: HA VM {} recreated on {} (job {})", orchestrator.name(), from,
                    r.vm(), res.node(), jobId);
            watchEvacuation(h, next);
        } catch (RuntimeException e) {
            orchestrator.placement().release(jobId);
            LOG.warn("orchestrator {}: evacuation of VM {} from {} not sent: {}", orchestrator.name(), r.vm(), from,
                    e.toString());
        }
    }

    /** The VM's UUID and MAC as the model knew them, where the request left them to the agent (null). */
    private static void keepIdentity(JsonNode envelope, Vm vm) {
        if (!(envelope.get("request") instanceof ObjectNode body)) {
            return;
        }
        if (vm.uuid() != null && body.has("uuid") && body.get("uuid").isNull()) {
            body.put("uuid", vm.uuid());
        }
        if (vm.macs().size() == 1 && body.has("mac") && body.get("mac").isNull()) {
            body.put("mac", vm.macs().get(0));
        }
    }
}
