package org.iaasengine.examples.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.iaasengine.examples.cli.CliRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote CLI ({@code iaas --broker ...}) on the real broker, with two agents on libvirt's test
 * driver: create, list, info and delete go through the orchestrator client and print the same JSON
 * the local tool prints; not-found and invalid input exit 3 and 2, a failed job exits with its
 * failure's code; jobs list, show, cancel and watch read the job store across invocations; cluster
 * hosts shows both agents.
 */
class RemoteCliIT {
    private static final String VM = "h18w-web1";

    @TempDir
    Path dir;

    private RemoteCluster cluster;

    @BeforeEach
    void setUp() throws Exception {
        BrokerControl.ensureUp();
        cluster = new RemoteCluster(dir, "h18w-cli").start();
    }

    @AfterEach
    void tearDown() throws Exception {
        cluster.close();
    }

    @Test
    void vmHostJobsAndClusterCommandsGoThroughTheAgentsWithTheLocalJsonAndExitCodes() throws Exception {
        // cluster hosts: both agents, ONLINE, no VM yet.
        CliRunner.Result hosts = cluster.remote("cluster", "hosts", "--json");
        assertThat(hosts.exitCode()).as("%s", hosts).isZero();
        assertThat(names(hosts.json(), "node")).contains(RemoteCluster.A, RemoteCluster.B);
        for (JsonNode h : hosts.json()) {
            if (h.get("node").asText().startsWith("h18w-")) {
                assertThat(h.get("liveness").asText()).isEqualTo("ONLINE");
                assertThat(h.get("vmCount").asInt()).isZero();
                assertThat(h.get("cpus").asInt()).isEqualTo(4);
                assertThat(h.get("freeVcpus").asInt()).isEqualTo(4);
                assertThat(h.get("memoryKiB").asLong()).isEqualTo(4L << 20);
                assertThat(h.get("freeMemoryKiB").asLong()).isEqualTo(4L << 20);
            }
        }

        // create through agent a: the same JSON as the local tool's create of the same VM.
        CliRunner.Result created = cluster.remote("vm", "create", "--host", RemoteCluster.A, "--name", VM,
                "--memory", "64M", "--cpus", "2", "--json");
        assertThat(created.exitCode()).as("%s", created).isZero();
        JsonNode remoteVm = created.json();
        assertThat(remoteVm.get("host").asText()).isEqualTo(RemoteCluster.A);
        // The create's own result is the VM as the create left it (not a monitor's change read back).
        assertThat(remoteVm.get("state").asText()).as("%s", created).isEqualTo("RUNNING");
        String localHost = RemoteCluster.testHost(dir, "local");
        CliRunner.Result local = RemoteCluster.run("--uri", localHost, "--state-dir", dir.resolve("local").toString(),
                "--storage", dir.resolve("local-storage").toString(), "vm", "create", "--name", VM, "--memory", "64M",
                "--cpus", "2", "--json");
        assertThat(local.exitCode()).as("%s", local).isZero();
        assertThat(fieldNames(remoteVm)).containsExactlyElementsOf(fieldNames(local.json()));
        for (String f : List.of("name", "vcpus", "memoryKiB", "ip")) {
            assertThat(remoteVm.get(f)).as(f).isEqualTo(local.json().get(f));
        }

        // list and info: from the cluster model (info finds the VM's host without --host).
        CliRunner.Result list = cluster.remote("vm", "list", "--host", RemoteCluster.A, "--json");
        assertThat(list.exitCode()).as("%s", list).isZero();
        assertThat(names(list.json(), "name")).containsExactly(VM);
        CliRunner.Result info = cluster.remote("vm", "info", VM, "--json");
        assertThat(info.exitCode()).as("%s", info).isZero();
        assertThat(info.json().get("uuid")).isEqualTo(remoteVm.get("uuid"));
        assertThat(info.json().get("host").asText()).isEqualTo(RemoteCluster.A);
        assertThat(info.json().get("state")).isEqualTo(local.json().get("state"));
        assertThat(info.json().get("status")).isEqualTo(local.json().get("status"));
        CliRunner.Result table = cluster.remote("cluster", "hosts", "--host", RemoteCluster.A);
        assertThat(table.out()).contains("NODE", "LIVENESS", RemoteCluster.A, "ONLINE");
        CliRunner.Result withVm = cluster.remote("cluster", "hosts", "--host", RemoteCluster.A, "--json");
        assertThat(withVm.json().get(0).get("vmCount").asInt()).isEqualTo(1);
        assertThat(withVm.json().get(0).get("freeVcpus").asInt()).isEqualTo(2);
        assertThat(withVm.json().get(0).get("freeMemoryKiB").asLong()).isEqualTo((4L << 20) - 64 * 1024);

        // host info on agent b: the host-info job's Host.
        CliRunner.Result hostInfo = cluster.remote("host", "info", "--host", RemoteCluster.B, "--json");
        assertThat(hostInfo.exitCode()).as("%s", hostInfo).isZero();
        assertThat(hostInfo.json().get("name").asText()).isEqualTo(RemoteCluster.B);

        // Exit codes: not found (3), invalid input (2), a job's failure by its category (create again: 4).
        CliRunner.Result missing = cluster.remote("vm", "info", "h18w-nope", "--json");
        assertThat(missing.exitCode()).as("%s", missing).isEqualTo(3);
        assertThat(missing.errorJson().get("category").asText()).isEqualTo("NOT_FOUND");
        assertThat(cluster.remote("vm", "delete", "h18w-nope", "--host", RemoteCluster.B).exitCode()).isEqualTo(3);
        assertThat(cluster.remote("vm", "start", VM, "--host", "h18w-noagent").exitCode())
                .as("a node without an agent queue").isEqualTo(3);
        assertThat(cluster.remote("vm", "create", "--host", RemoteCluster.A, "--name", "bad/name").exitCode())
                .isEqualTo(2);
        assertThat(cluster.remote("vm", "create", "--host", RemoteCluster.A, "--name", "h18w-x", "--memory", "1M")
                .exitCode()).isEqualTo(2);
        // Without --host the orchestrator's placement policy chooses one of the agents heard.
        CliRunner.Result placed = cluster.remote("vm", "create", "--name", "h18w-placed", "--memory", "64M",
                "--json");
        assertThat(placed.exitCode()).as("%s", placed).isZero();
        assertThat(placed.json().get("host").asText()).isIn(RemoteCluster.A, RemoteCluster.B);
        CliRunner.Result placedGone = cluster.remote("vm", "delete", "h18w-placed", "--host",
                placed.json().get("host").asText());
        assertThat(placedGone.exitCode()).as("%s", placedGone).isZero();
        CliRunner.Result haWithHost = cluster.remote("vm", "create", "--host", RemoteCluster.A, "--name",
                "h18w-x", "--ha");
        assertThat(haWithHost.exitCode()).as("%s", haWithHost).isEqualTo(2);
        assertThat(haWithHost.err()).contains("--ha");
        CliRunner.Result again = cluster.remote("vm", "create", "--host", RemoteCluster.A, "--name", VM, "--json");
        assertThat(again.exitCode()).as("%s", again).isEqualTo(4);
        assertThat(again.errorJson().get("category").asText()).isEqualTo("CONFLICT");
        String failedJob = again.errorJson().get("jobId").asText();

        // jobs list and show: the jobs of earlier invocations, from the job store.
        CliRunner.Result jobs = cluster.remote("jobs", "list", "--json");
        assertThat(jobs.exitCode()).as("%s", jobs).isZero();
        JsonNode failed = find(jobs.json(), failedJob);
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("failureCategory").asText()).isEqualTo("CONFLICT");
        assertThat(names(jobs.json(), "action")).contains("create", "host-info");
        String createJob = null;
        for (JsonNode j : jobs.json()) {
            if (j.get("action").asText().equals("create") && j.get("status").asText().equals("SUCCEEDED")) {
                createJob = j.get("jobId").asText();
            }
        }
        assertThat(createJob).isNotNull();
        CliRunner.Result show = cluster.remote("jobs", "show", createJob, "--json");
        assertThat(show.exitCode()).as("%s", show).isZero();
        assertThat(show.json().get("result").get("name").asText()).isEqualTo(VM);
        assertThat(show.json().get("node").asText()).isEqualTo(RemoteCluster.A);
        assertThat(cluster.remote("jobs", "show", "h18w-no-such-job").exitCode()).isEqualTo(3);

        // cancel: a job queued for agent b while it is stopped, cancelled from another invocation;
        // the agent, back, reads the cancel before it takes jobs and answers CANCELLED.
        assertThat(cluster.b.terminate(java.time.Duration.ofSeconds(30))).isNotEqualTo(-1);
        CliRunner.Result queued = cluster.remote("host", "info", "--host", RemoteCluster.B, "--no-wait", "--json");
        assertThat(queued.exitCode()).as("%s", queued).isZero();
        String queuedJob = queued.json().get("jobId").asText();
        CliRunner.Result cancel = cluster.remote("jobs", "cancel", queuedJob, "--no-wait", "--json");
        assertThat(cancel.exitCode()).as("%s", cancel).isZero();
        cluster.b.start();
        RemoteCluster.awaitStarted(cluster.b, 2);
        CliRunner.Result cancelled = cluster.remote("jobs", "watch", queuedJob, "--json");
        assertThat(cancelled.exitCode()).as("a cancelled job exits 1; %s", cancelled).isEqualTo(1);
        assertThat(cancelled.errorJson().get("outcome").asText()).isEqualTo("CANCELLED");
        CliRunner.Result shown = cluster.remote("jobs", "show", queuedJob, "--json");
        assertThat(shown.json().get("status").asText()).isEqualTo("CANCELLED");
        CliRunner.Result cancelAgain = cluster.remote("jobs", "cancel", queuedJob);
        assertThat(cancelAgain.exitCode()).as("a job that ended: conflict; %s", cancelAgain).isEqualTo(4);

        // watch: a job submitted without waiting, followed to its end by another invocation.
        CliRunner.Result shutdown = cluster.remote("vm", "suspend", VM, "--no-wait", "--json");
        assertThat(shutdown.exitCode()).as("%s", shutdown).isZero();
        CliRunner.Result watch = cluster.remote("jobs", "watch", shutdown.json().get("jobId").asText());
        assertThat(watch.exitCode()).as("%s", watch).isZero();
        assertThat(watch.out()).contains("SUCCEEDED");

        // delete, then the VM is gone (3).
        CliRunner.Result deleted = cluster.remote("vm", "delete", VM, "--json");
        assertThat(deleted.exitCode()).as("%s", deleted).isZero();
        assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
        assertThat(cluster.remote("vm", "info", VM, "--host", RemoteCluster.A).exitCode()).isEqualTo(3);
        CliRunner.Result localDelete = RemoteCluster.run("--uri", localHost, "--state-dir",
                dir.resolve("local").toString(), "--storage", dir.resolve("local-storage").toString(), "vm", "delete",
                VM, "--json");
        assertThat(deleted.json()).isEqualTo(localDelete.json());

        // No credentials in anything printed.
        assertThat(jobs.out() + jobs.err() + created.err() + again.err()).doesNotContain("password");
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            out.add(it.next());
        }
        return out;
    }

    private static JsonNode find(JsonNode jobs, String id) {
        for (JsonNode j : jobs) {
            if (j.get("jobId").asText().equals(id)) {
                return j;
            }
        }
        throw new AssertionError("no job " + id + " in " + jobs);
    }
}
