package org.iaasengine.examples.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.iaasengine.agent.Jobs;
import org.iaasengine.agent.JobStore;
import org.iaasengine.agent.Orchestrator;
import org.iaasengine.examples.RealHosts;
import org.iaasengine.journal.ActionEntry;
import org.iaasengine.journal.SqlJournal;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.DeleteRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.model.Vm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults while an agent process (on the real libvirtd of host 1) runs jobs for this process's
 * orchestrator, over the real broker with TLS: the agent killed with SIGKILL mid-job and started
 * again; the broker restarted mid-job; the orchestrator restarted while jobs run; the broker
 * stopped for 30 s. Afterwards every job has exactly one outcome (answered, and that answer is
 * the agent journal's), none is lost, none ran twice (one journal entry per job id, and the VMs
 * on the host are exactly those of the jobs that succeeded), and the cluster model equals the
 * host. Prints a {@code RELIABILITY} line with the counts. While it runs, the file
 * {@code /var/tmp/iaas-engine/broker-busy} tells other users of the broker to wait.
 */
class AgentFaultsIT {
    private static final String PREFIX = "iaas-flt-";
    private static final String NODE = "host1";
    private static final Duration ANSWER_WAIT = Duration.ofMinutes(4);
    private static final Path BUSY = Path.of("/var/tmp/iaas-engine/broker-busy");

    private LibvirtJavaDriver d1;
    private Path storage;
    private AgentProcess agent;
    private Orchestrator orchestrator;
    private final String name = "it-faults-" + ProcessHandle.current().pid();
    private final Map<String, String> jobs = new LinkedHashMap<>(); // job id -> VM name
    private final Map<String, Jobs.Answer> answers = new LinkedHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(BUSY.getParent());
        Files.writeString(BUSY, "AgentFaultsIT " + ProcessHandle.current().pid() + "\n");
        d1 = LibvirtJavaDriver.open(RealHosts.HOST1);
        storage = RealHosts.newStorage(PREFIX);
        agent = new AgentProcess(NODE, RealHosts.HOST1, Map.of(), storage.resolve("agent"), storage.resolve("state"),
                RealHosts.TEMPLATES, storage).start();
        orchestrator = connect();
        orchestrator.awaitOnline(NODE, Duration.ofSeconds(60));
    }

    private Orchestrator connect() throws Exception {
        return Orchestrator.builder(name, AgentProcess.orchestratorBroker().factory())
                .store(JobStore.sqlite(storage.resolve("orchestrator.db"))).offlineAfter(Duration.ofSeconds(60))
                .connect();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            BrokerControl.ensureUp();
            if (orchestrator != null) {
                try {
                    orchestrator.retire();
                } catch (RuntimeException e) {
                    orchestrator.close();
                }
            }
            agent.close();
            System.out.println("---- agent " + NODE + "\n" + agent.output());
            RealHosts.removeDomains(d1, PREFIX);
            d1.close();
            RealHosts.deleteTree(storage);
        } finally {
            Files.deleteIfExists(BUSY);
        }
    }

    private List<Orchestrator.JobHandle> submitCreates(String tag, int n) {
        List<Orchestrator.JobHandle> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String vm = PREFIX + tag + "-" + i;
            String id = "flt-" + tag + "-" + i;
            jobs.put(id, vm);
            l.add(orchestrator.submit(NODE, id, CreateRequest.builder(vm).host(NODE).memoryMiB(32)
                    .lifecycle(Lifecycle.TRANSIENT).build(), Orchestrator.SubmitOptions.waitForNode()));
        }
        return l;
    }

    /** Waits until job {@code h} has had an effect on the host: its domain exists. */
    private void awaitRunning(Orchestrator.JobHandle h) throws InterruptedException {
        String vm = jobs.get(h.jobId());
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (d1.lookup(vm).isEmpty() && !h.answer().isDone()) {
            assertThat(System.nanoTime()).as("job %s never started", h.jobId()).isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    private void collect(String tag) throws Exception {
        for (Map.Entry<String, String> j : jobs.entrySet()) {
            if (j.getKey().startsWith("flt-" + tag + "-")) {
                Orchestrator.JobHandle h = orchestrator.job(j.getKey()).orElseThrow();
                answers.put(j.getKey(), h.answer().get(ANSWER_WAIT.toSeconds(), TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void everyJobHasExactlyOneOutcomeThroughAgentBrokerAndOrchestratorFaults() throws Exception {
        // 1. The agent killed with SIGKILL while it runs a job, then started again.
        List<Orchestrator.JobHandle> killed = submitCreates("kill", 3);
        awaitRunning(killed.get(0));
        int early = killed.get(0).answer().isDone() ? 1 : 0;
        List<Orchestrator.NodeState> states = new java.util.concurrent.CopyOnWriteArrayList<>();
        orchestrator.addNodeListener(st -> states.add(st.state()));
        agent.kill();
        // Silent for three heartbeat intervals: TIMED_OUT (a killed agent says no goodbye).
        long silent = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!states.contains(Orchestrator.NodeState.TIMED_OUT) && System.nanoTime() < silent) {
            Thread.sleep(20);
        }
        assertThat(states).as("node states after SIGKILL").contains(Orchestrator.NodeState.TIMED_OUT)
                .doesNotContain(Orchestrator.NodeState.OFFLINE);
        agent.start();
        orchestrator.awaitOnline(NODE, Duration.ofSeconds(60));
        collect("kill");

        // 2. The broker restarted while a job runs.
        List<Orchestrator.JobHandle> restarted = submitCreates("restart", 3);
        awaitRunning(restarted.get(0));
        early += restarted.get(0).answer().isDone() ? 1 : 0;
        BrokerControl.stop();
        BrokerControl.start();
        collect("restart");

        // 3. The orchestrator restarted while its jobs run.
        List<Orchestrator.JobHandle> orch = submitCreates("orch", 3);
        awaitRunning(orch.get(0));
        early += orch.get(0).answer().isDone() ? 1 : 0;
        orchestrator.close();
        orchestrator = connect();
        collect("orch");

        // 4. The broker stopped for 30 s with jobs queued and running.
        orchestrator.awaitOnline(NODE, Duration.ofSeconds(60));
        List<Orchestrator.JobHandle> down = submitCreates("down", 3);
        awaitRunning(down.get(0));
        early += down.get(0).answer().isDone() ? 1 : 0;
        BrokerControl.stop();
        Thread.sleep(30_000);
        BrokerControl.start();
        collect("down");

        // Every job answered; the agent's journal has each once, and its outcome is the answer.
        orchestrator.awaitOnline(NODE, Duration.ofSeconds(60));
        int lost = jobs.size() - answers.size();
        List<String> domains = RealHosts.domains(d1, PREFIX);
        List<String> expected = jobs.entrySet().stream().filter(j -> answers.get(j.getKey()).outcome()
                == Jobs.Outcome.SUCCEEDED).map(Map.Entry::getValue).sorted().toList();
        // The cluster model converges to the host.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> model = List.of();
        while (System.nanoTime() < deadline) {
            model = orchestrator.cluster().snapshot().vmsOn(NODE).stream().map(Vm::name)
                    .filter(n -> n.startsWith(PREFIX)).sorted().toList();
            if (model.equals(domains)) {
                break;
            }
            Thread.sleep(50);
        }
        // Clean up through the agent: delete what the jobs made.
        for (String vm : expected) {
            Jobs.Answer del = orchestrator.submit(NODE, new DeleteRequest(NODE, vm, true)).answer()
                    .get(ANSWER_WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(del.outcome()).as("delete %s: %s", vm, del).isEqualTo(Jobs.Outcome.SUCCEEDED);
        }
        assertThat(agent.terminate(Duration.ofSeconds(60))).isNotEqualTo(-1);
        int ranTwice = 0;
        int mismatched = 0;
        int failed = 0;
        try (SqlJournal journal = SqlJournal.sqlite(storage.resolve("agent").resolve("journal.db")).owner("check")
                .open()) {
            List<ActionEntry> all = journal.list(10_000);
            for (Map.Entry<String, Jobs.Answer> a : answers.entrySet()) {
                long entries = all.stream().filter(e -> e.actionId().equals(a.getKey())).count();
                if (entries != 1) {
                    ranTwice++;
                }
                SqlJournal.State state = journal.outcome(a.getKey()).map(o -> o.state()).orElse(null);
                boolean ok = a.getValue().outcome() == Jobs.Outcome.SUCCEEDED;
                if (state != (ok ? SqlJournal.State.SUCCEEDED : SqlJournal.State.FAILED)) {
                    mismatched++;
                }
                if (!ok) {
                    failed++;
                }
            }
        }
        boolean modelEqual = model.equals(domains);
        System.out.println("RELIABILITY agent-faults (agent SIGKILL mid-job, broker restart mid-job, orchestrator"
                + " restart, broker down 30 s; real libvirtd, TLS): jobs=" + jobs.size() + " answered=" + answers.size()
                + " lost=" + lost + " ran-twice=" + ranTwice + " answer-not-journal-outcome=" + mismatched
                + " failed-and-reverted=" + failed + " answered-before-fault=" + early + " vms-left-by-failed-jobs="
                + domains.stream().filter(d -> !expected.contains(d)).count()
                + " cluster-model-equals-host=" + modelEqual);
        assertThat(lost).isZero();
        assertThat(ranTwice).isZero();
        assertThat(mismatched).isZero();
        assertThat(domains).as("VMs on the host = the jobs that succeeded").isEqualTo(expected);
        assertThat(modelEqual).as("cluster model %s, host %s", model, domains).isTrue();
        assertThat(RealHosts.domains(d1, PREFIX)).isEmpty();
    }
}
