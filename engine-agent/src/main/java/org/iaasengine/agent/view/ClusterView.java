package org.iaasengine.agent.view;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.iaasengine.agent.JobStore;
import org.iaasengine.agent.Jobs;
import org.iaasengine.agent.Orchestrator;
import org.iaasengine.model.Host;
import org.iaasengine.model.ModelSnapshot;
import org.iaasengine.model.Vm;

/**
 * The cluster as rows, from what an {@link Orchestrator} knows: each host with its agent's
 * liveness, its capacity and its VMs; each recent job with its progress. Plain records that
 * Jackson writes as they are (the live view's JSON, {@code iaas cluster hosts --json}).
 *
 * <pre>{@code
 * for (ClusterView.HostRow h : ClusterView.hosts(orchestrator)) {
 *     System.out.println(h.node() + " " + h.liveness() + " " + h.freeMemoryKiB());
 * }
 * }</pre>
 */
public final class ClusterView {
    private ClusterView() {
    }

    /** One VM on a host. */
    public record VmRow(String name, String state, String status, int vcpus, long memoryKiB) {
    }

    /**
     * One host: {@code liveness} is its agent's state as heartbeats say (ONLINE, TIMED_OUT,
     * OFFLINE) or UNKNOWN when the model has the host but no heartbeat was heard yet;
     * {@code freeVcpus} and {@code freeMemoryKiB} are its CPUs and memory less the vCPUs and memory
     * of the VMs the model has on it (any state: what a scheduler counts as taken);
     * {@code hostFreeMemoryKiB} is the free memory the hypervisor last reported (0 when it reports
     * none, as libvirt's test driver).
     */
    public record HostRow(String node, String liveness, Instant lastHeard, int jobsRunning, int cpus, int freeVcpus,
            long memoryKiB, long freeMemoryKiB, long hostFreeMemoryKiB, int vmCount, List<VmRow> vms) {
    }

    /** One step heard of a running job. */
    public record StepRow(String what, String step, String detail) {
    }

    /**
     * One job: {@code status} is QUEUED until this orchestrator hears of its progress, RUNNING
     * then until it is answered, and then the answer's outcome (SUCCEEDED, FAILED, CANCELLED,
     * REJECTED); {@code stepsDone} counts the steps that succeeded
     * (the orchestrator does not know a plan's length: the agent plans it), {@code lastStep} is the
     * last progress event heard.
     */
    public record JobRow(String jobId, String orchestrator, String node, String action, Instant submittedAt,
            String status, int stepsDone, StepRow lastStep, String failureCategory, String failureMessage) {
        /** True until the job is answered. */
        public boolean inFlight() {
            return "RUNNING".equals(status) || "QUEUED".equals(status);
        }
    }

    /** Every host the orchestrator heard of (from heartbeats or models), by node name. */
    public static List<HostRow> hosts(Orchestrator o) {
        Map<String, Orchestrator.NodeStatus> nodes = o.nodes();
        ModelSnapshot s = o.cluster().snapshot();
        TreeSet<String> names = new TreeSet<>(nodes.keySet());
        names.addAll(s.hosts().keySet());
        List<HostRow> out = new ArrayList<>();
        for (String n : names) {
            Orchestrator.NodeStatus st = nodes.get(n);
            Optional<Host> h = s.host(n);
            List<Vm> vms = s.vmsOn(n).stream().sorted(Comparator.comparing(Vm::name)).toList();
            int cpus = h.map(Host::cpus).orElse(0);
            int used = vms.stream().mapToInt(Vm::vcpus).sum();
            long memory = h.map(Host::memoryKiB).orElse(0L);
            long usedMemory = vms.stream().mapToLong(Vm::memoryKiB).sum();
            out.add(new HostRow(n, st == null ? "UNKNOWN" : st.state().name(), st == null ? null : st.lastHeard(),
                    st == null ? 0 : st.jobsRunning(), cpus, cpus - used, memory, memory - usedMemory,
                    h.map(Host::freeMemoryKiB).orElse(0L), vms.size(),
                    vms.stream().map(v -> new VmRow(v.name(), v.state().name(), v.status().name(), v.vcpus(),
                            v.memoryKiB())).toList()));
        }
        return out;
    }

    /** The {@code limit} most recent jobs of the orchestrator's store, newest first, with their progress. */
    public static List<JobRow> jobs(Orchestrator o, int limit) {
        List<JobRow> out = new ArrayList<>();
        for (JobStore.Job j : o.recentJobs(limit)) {
            out.add(job(o, j));
        }
        return out;
    }

    /** The row of one kept job; its progress is what this orchestrator heard while it ran. */
    public static JobRow job(Orchestrator o, JobStore.Job j) {
        Jobs.Answer a = j.answer();
        List<Jobs.Progress> progress = List.of();
        if (j.orchestrator().equals(o.name())) {
            Optional<Orchestrator.JobHandle> h = o.job(j.jobId());
            if (h.isPresent()) {
                progress = h.get().progress();
                if (a == null && h.get().answer().isDone() && !h.get().answer().isCompletedExceptionally()) {
                    a = h.get().answer().join();
                }
            }
        }
        int done = (int) progress.stream().filter(p -> "CommandSucceeded".equals(p.what())).count();
        Jobs.Progress last = progress.isEmpty() ? null : progress.get(progress.size() - 1);
        return new JobRow(j.jobId(), j.orchestrator(), j.node(), j.action(), j.submittedAt(),
                a != null ? a.outcome().name() : progress.isEmpty() ? "QUEUED" : "RUNNING", done,
                last == null ? null : new StepRow(last.what(), last.step(), last.detail()),
                a == null || a.failure() == null ? null : a.failure().category(),
                a == null || a.failure() == null ? null : a.failure().message());
    }

    /** The result of an answered job as JSON (null while unanswered or without a result). */
    public static JsonNode result(JobStore.Job j) {
        return j.answer() == null ? null : j.answer().result();
    }
}
