package org.iaasengine.examples.distributed;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.iaasengine.agent.BrokerSettings;
import org.iaasengine.agent.Jobs;
import org.iaasengine.agent.Orchestrator;
import org.iaasengine.examples.support.ModelTable;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.DeleteRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.spec.MigrateRequest;
import org.iaasengine.model.ModelChange;

/**
 * The two-host example, distributed: this process is only an orchestrator; each host runs its own
 * agent process ({@code iaas agent}). It waits for both nodes, creates a VM on the first through
 * its agent, live-migrates it to the second, prints the cluster model as the agents' events move
 * the VM, and deletes it on the second.
 *
 * <pre>{@code
 * try (DistributedTwoHosts d = new DistributedTwoHosts(broker, "host1", "host2", System.out)) {
 *     d.awaitNodes(Duration.ofSeconds(30));
 *     d.create("web1", "base.qcow2");
 *     d.migrate("web1");
 *     d.delete("web1");
 * }
 * }</pre>
 */
public final class DistributedTwoHosts implements AutoCloseable {
    private static final Duration JOB_WAIT = Duration.ofMinutes(5);

    private final Orchestrator orchestrator;
    private final String a;
    private final String b;
    private final PrintStream out;

    /** Connects as orchestrator {@code "example-" + pid} with {@code broker}'s settings. */
    public DistributedTwoHosts(BrokerSettings broker, String a, String b, PrintStream out) throws Exception {
        this.a = Objects.requireNonNull(a, "a");
        this.b = Objects.requireNonNull(b, "b");
        this.out = Objects.requireNonNull(out, "out");
        this.orchestrator = Orchestrator.connect("example-" + ProcessHandle.current().pid(), broker.factory());
        orchestrator.cluster().model().addListener(c -> {
            if (c instanceof ModelChange.VmAdded x) {
                out.println("cluster: " + x.vm().name() + " on " + x.vm().host() + " " + x.vm().state());
            } else if (c instanceof ModelChange.VmUpdated x && (x.before().state() != x.after().state()
                    || !Objects.equals(x.before().host(), x.after().host()))) {
                out.println("cluster: " + x.after().name() + " " + x.before().host() + " " + x.before().state() + " -> "
                        + x.after().host() + " " + x.after().state());
            } else if (c instanceof ModelChange.VmRemoved x) {
                out.println("cluster: " + x.vm().name() + " gone from " + x.vm().host());
            }
        });
    }

    public Orchestrator orchestrator() {
        return orchestrator;
    }

    /** Waits until both agents are ONLINE and prints the hosts. */
    public void awaitNodes(Duration timeout) throws Exception {
        orchestrator.awaitOnline(a, timeout);
        orchestrator.awaitOnline(b, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (orchestrator.cluster().snapshot().hosts().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        out.print(ModelTable.hosts(orchestrator.cluster().snapshot().hosts().values()));
    }

    private Jobs.Answer run(String node, org.iaasengine.request.ActionRequest request) throws Exception {
        Orchestrator.JobHandle h = orchestrator.submit(node, request);
        Jobs.Answer answer = h.answer().get(JOB_WAIT.toSeconds(), TimeUnit.SECONDS);
        out.println("job " + h.jobId() + " " + request.action() + " on " + node + ": " + answer.outcome()
                + (answer.failure() == null ? "" : " (" + answer.failure().message() + ")"));
        if (answer.outcome() != Jobs.Outcome.SUCCEEDED) {
            throw new IllegalStateException(request.action() + " on " + node + " " + answer.outcome() + ": "
                    + answer.failure());
        }
        return answer;
    }

    /** Creates and starts a transient VM on the first host (its disk a clone of {@code template}; null: none). */
    public Jobs.Answer create(String name, String template) throws Exception {
        return run(a, CreateRequest.builder(name).host(a).template(template).memoryMiB(32)
                .lifecycle(Lifecycle.TRANSIENT).build());
    }

    /** Live-migrates {@code name} from the first host to the second. */
    public Jobs.Answer migrate(String name) throws Exception {
        return run(a, new MigrateRequest(a, name, b));
    }

    /** Deletes {@code name} on the second host (its disk too). */
    public Jobs.Answer delete(String name) throws Exception {
        return run(b, new DeleteRequest(b, name, true));
    }

    /** Closes, and deletes this one-off orchestrator's reply queue when no job is left unanswered. */
    @Override
    public void close() {
        try {
            orchestrator.retire();
        } catch (IOException | RuntimeException e) {
            orchestrator.close();
        }
    }

    /**
     * Runs the scenario against two running agents. Arguments: broker URL, credentials file, CA
     * file, node A, node B, template (defaults: the project's test broker over TLS, host1, host2,
     * base.qcow2).
     */
    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "amqps://localhost:5671/iaas";
        Path credentials = Path.of(args.length > 1 ? args[1] : "/etc/iaas-engine/orchestrator.credentials");
        Path ca = Path.of(args.length > 2 ? args[2] : "/var/tmp/iaas-engine/tls/ca.pem");
        String a = args.length > 3 ? args[3] : "host1";
        String b = args.length > 4 ? args[4] : "host2";
        String template = args.length > 5 ? args[5] : "base.qcow2";
        try (DistributedTwoHosts d = new DistributedTwoHosts(BrokerSettings.of(url, credentials, ca), a, b,
                System.out)) {
            d.awaitNodes(Duration.ofSeconds(30));
            d.create("iaas-ex-distributed", template);
            try {
                d.migrate("iaas-ex-distributed");
                d.delete("iaas-ex-distributed");
            } catch (Exception e) {
                System.err.println("failed: " + e.getMessage() + "; the VM iaas-ex-distributed may be left");
                throw e;
            }
        }
    }
}
