package org.iaasengine.powervm.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.LogCapture;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.actions.SpawnAction;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;
import org.iaasengine.powervm.xml.uom.VolumeGroup;
import org.iaasengine.powervm.xml.web.JobResponse;
import org.junit.jupiter.api.Test;

class PowerVmClientTest extends SimTestSupport {
    private static final String SECRET = "s3cret-Hmc-Passw0rd";

    @Override
    protected PowerVmSimulator.Builder simulator() {
        return PowerVmSimulator.builder().credentials("hscroot", SECRET);
    }

    private String lparUuid() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        return sim.lparUuid("web1").orElseThrow();
    }

    @Test
    void logonGivesASessionAndCloseLogsOff() {
        PowerVmClient c = PowerVmClient.connect(sim.config().build());
        int sessions = sim.sessionCount();

        c.close();

        assertThat(sessions).isEqualTo(2);
        assertThat(sim.sessionCount()).isEqualTo(1);
        assertThat(sim.requests()).contains("DELETE web/Logon");
    }

    @Test
    void anExpiredSessionIsRenewedByLoggingOnAgain() {
        sim.expireSessions();

        List<?> systems = client.feed(Paths.systems(), org.iaasengine.powervm.xml.uom.ManagedSystem.class);

        assertThat(systems).hasSize(2);
        assertThat(sim.requests().stream().filter("PUT web/Logon"::equals)).hasSize(2);
    }

    @Test
    void wrongCredentialsAreInvalidInputAndNeverShowThePassword() {
        PowerVmConfig bad = PowerVmConfig.builder(sim.uri()).credentials("hscroot", "wrong-Pw-123".toCharArray())
                .build();

        PowerVmException e = catchThrowableOfType(PowerVmException.class, () -> PowerVmClient.connect(bad));

        assertThat(e.category()).isEqualTo(FailureCategory.INVALID_INPUT);
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(e.getMessage()).contains("hscroot").doesNotContain("wrong-Pw-123");
        assertThat(bad.toString()).doesNotContain("wrong-Pw-123").contains("****");
    }

    @Test
    void credentialsAndSessionTokensNeverAppearInLogsExceptionsOrToString() {
        try (LogCapture log = new LogCapture()) {
            PowerVmClient c = PowerVmClient.connect(sim.config().build());
            sim.expireSessions();
            c.feed(Paths.systems(), org.iaasengine.powervm.xml.uom.ManagedSystem.class);
            sim.faults().viosBusy("POST", "VolumeGroup", 10);
            ActionFailedException failed = catchThrowableOfType(ActionFailedException.class,
                    () -> engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1"))));
            c.close();

            String all = log.text() + failed.getMessage() + c + c.config() + failed;
            assertThat(log.text()).contains("logged on to").contains("VolumeGroup");
            assertThat(all).doesNotContain(SECRET).doesNotContain("sim-session-");
        }
    }

    @Test
    void aMissingObjectIsNotFound() {
        PowerVmException e = catchThrowableOfType(PowerVmException.class, () -> client.get(
                Paths.lpar("0000ABCD-0000-4000-8000-000000000000"), LogicalPartition.class));

        assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND);
        assertThat(e.httpStatus()).isEqualTo(404);
    }

    @Test
    void viosBusyIsTransientAndCarriesTheStructuredReasonCode() {
        sim.faults().viosBusy("GET", "VirtualIOServer", 1);

        PowerVmException e = catchThrowableOfType(PowerVmException.class,
                () -> client.get(Paths.vios(sim.viosUuid("vios-a")), VirtualIOServer.class));

        assertThat(e.category()).isEqualTo(FailureCategory.TRANSIENT);
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.reasonCode()).isEqualTo("Unknown internal error.");
    }

    @Test
    void anInternalErrorOnAPartitionIsNotRetryable() {
        sim.faults().internalError("GET", "ManagedSystem", 1);

        PowerVmException e = catchThrowableOfType(PowerVmException.class,
                () -> client.feed(Paths.systems(), org.iaasengine.powervm.xml.uom.ManagedSystem.class));

        assertThat(e.category()).isEqualTo(FailureCategory.INTERNAL);
    }

    @Test
    void aDroppedConnectionIsTransient() {
        sim.faults().drop("GET", "ManagedSystem", 1);

        PowerVmException e = catchThrowableOfType(PowerVmException.class,
                () -> client.feed(Paths.systems(), org.iaasengine.powervm.xml.uom.ManagedSystem.class));

        assertThat(e.category()).isEqualTo(FailureCategory.TRANSIENT);
        assertThat(e.httpStatus()).isZero();
    }

    @Test
    void modifyRereadsAndRetriesOnEtagConflicts() {
        String vg = Paths.volumeGroup(sim.viosUuid("vios-a"), sim.volumeGroupUuid("vios-a", "rootvg"));
        sim.faults().etagConflict("VolumeGroup", 2);

        client.modify(vg, VolumeGroup.class, g -> g.virtualDisks.disks.add(
                org.iaasengine.powervm.xml.uom.VirtualDisk.of("d1", 1, null)));

        assertThat(sim.snapshot().virtualDisks()).containsExactly("d1");
        assertThat(sim.requests().stream().filter(r -> r.startsWith("POST"))).hasSize(3);
        assertThat(sim.requests().stream().filter(r -> r.startsWith("GET"))).hasSize(3);
    }

    @Test
    void modifyGivesUpWithConflictAfterItsRetries() {
        PowerVmClient strict = PowerVmClient.connect(sim.config().maxEtagRetries(1).build());
        String vg = Paths.volumeGroup(sim.viosUuid("vios-a"), sim.volumeGroupUuid("vios-a", "rootvg"));
        sim.faults().etagConflict("VolumeGroup", 5);

        PowerVmException e = catchThrowableOfType(PowerVmException.class, () -> strict.modify(vg, VolumeGroup.class,
                g -> g.virtualDisks.disks.add(org.iaasengine.powervm.xml.uom.VirtualDisk.of("d1", 1, null))));

        assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT);
        assertThat(e.httpStatus()).isEqualTo(412);
        assertThat(sim.snapshot().virtualDisks()).isEmpty();
        strict.close();
    }

    @Test
    void aJobThatCompletesOkReturnsItsResults() {
        String lpar = lparUuid();

        JobResponse r = client.runJob(Paths.lpar(lpar), "PowerOff", Map.of("operation", "shutdown"),
                JobOptions.timeout(Duration.ofSeconds(5)));

        assertThat(r.status).isEqualTo("COMPLETED_OK");
        assertThat(r.result("returnCode")).contains("0");
        assertThat(sim.requests()).contains("GET uom/" + Paths.lpar(lpar) + "/do/PowerOff");
        assertThat(sim.requests()).anyMatch(q -> q.startsWith("DELETE uom/jobs/"));
    }

    @Test
    void jobsCompletedWithWarningsSucceed() {
        String lpar = lparUuid();
        sim.faults().failJob("PowerOff", JobStatus.COMPLETED_WITH_WARNINGS, 1);

        JobResponse r = client.runJob(Paths.lpar(lpar), "PowerOff", Map.of(), JobOptions.timeout(Duration.ofSeconds(5)));

        assertThat(r.status).isEqualTo("COMPLETED_WITH_WARNINGS");
    }

    @Test
    void failedJobsAreClassifiedByTheirStatus() {
        String lpar = lparUuid();
        sim.faults().failJob("PowerOff", JobStatus.COMPLETED_WITH_ERROR, 1);

        PowerVmException error = catchThrowableOfType(PowerVmException.class, () -> client.runJob(Paths.lpar(lpar),
                "PowerOff", Map.of(), JobOptions.timeout(Duration.ofSeconds(5))));

        assertThat(error.category()).isEqualTo(FailureCategory.INTERNAL);
        assertThat(error.jobStatus()).isEqualTo("COMPLETED_WITH_ERROR");
        assertThatThrownBy(() -> sim.faults().failJob("PowerOn", JobStatus.RUNNING, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RUNNING");
    }

    @Test
    void aStatusReadThatFailsWithHttp500IsReadAgainUntilTheJobEnds() {
        String lpar = lparUuid();
        sim.faults().internalError("GET", "^jobs/", 1); // the first status read: HTTP 500, INTERNAL

        JobResponse r = client.runJob(Paths.lpar(lpar), "PowerOff", Map.of(), JobOptions.timeout(Duration.ofSeconds(5)));

        assertThat(r.status).isEqualTo("COMPLETED_OK");
        assertThat(sim.faults().fired(org.iaasengine.powervm.simulator.SimFaults.Kind.INTERNAL_ERROR)).isEqualTo(1);
        assertThat(sim.snapshot().runningJobs()).isEmpty();
        assertThat(sim.snapshot().lpars()).containsEntry("web1", "not activated");
    }

    @Test
    void aJobPastItsDeadlineIsCancelledOnTheServerAndTimesOut() {
        String lpar = lparUuid();
        sim.faults().holdJobs("PowerOff");

        PowerVmException e = catchThrowableOfType(PowerVmException.class, () -> client.runJob(Paths.lpar(lpar),
                "PowerOff", Map.of(), JobOptions.timeout(Duration.ofMillis(100))));

        assertThat(e.category()).isEqualTo(FailureCategory.TIMEOUT);
        assertThat(sim.cancelledJobs()).hasSize(1);
        assertThat(sim.snapshot().runningJobs()).isEmpty();
        assertThat(sim.snapshot().lpars()).containsEntry("web1", "running");
    }

    @Test
    void aCancelledJobIsCancelledOnTheServer() {
        String lpar = lparUuid();
        sim.faults().holdJobs("PowerOff");
        int[] polls = new int[1];

        PowerVmException e = catchThrowableOfType(PowerVmException.class, () -> client.runJob(Paths.lpar(lpar),
                "PowerOff", Map.of(), new JobOptions(Duration.ofSeconds(10), () -> ++polls[0] > 3, null)));

        assertThat(e.category()).isEqualTo(FailureCategory.CANCELLED);
        assertThat(sim.cancelledJobs()).hasSize(1);
    }

    @Test
    void slowJobsReportProgressUntilTheyFinish() {
        try (PowerVmSimulator slow = PowerVmSimulator.builder().jobPolls(5).start();
                PowerVmClient c = PowerVmClient.connect(slow.config().build())) {
            String ms = slow.systemUuid("sim-a");
            String uuid = c.create(Paths.lpars(ms), LogicalPartition.create("slow1", 1024, 0.1, 1)).value().uuid();
            List<Double> progress = new java.util.concurrent.CopyOnWriteArrayList<>();

            c.runJob(Paths.lpar(uuid), "PowerOn", Map.of(), new JobOptions(Duration.ofSeconds(5), null, progress::add));

            assertThat(progress).hasSizeGreaterThanOrEqualTo(5).last().isEqualTo(1.0);
            assertThat(LparInfo.of(c.get(Paths.lpar(uuid), LogicalPartition.class).value()).state())
                    .isEqualTo("running");
        }
    }

    @Test
    void theEventFeedReportsNewClientThenChanges() {
        List<PowerVmEvent> first = client.pollEvents();
        lparUuid();

        List<PowerVmEvent> next = client.pollEvents();
        List<PowerVmEvent> quiet = client.pollEvents();

        assertThat(first).extracting(PowerVmEvent::type).containsExactly("NEW_CLIENT");
        assertThat(next).extracting(PowerVmEvent::type).contains("ADD_URI", "MODIFY_URI");
        assertThat(next).anyMatch(ev -> ev.data().contains("/LogicalPartition/"));
        assertThat(quiet).isEmpty();
    }

    @Test
    void theClientsThreadsAreNamedAndEndWithClose() throws Exception {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        PowerVmClient c = PowerVmClient.connect(sim.config().build());
        c.feed(Paths.systems(), org.iaasengine.powervm.xml.uom.ManagedSystem.class);
        String uuid = c.create(Paths.lpars(sim.systemUuid("sim-a")), LogicalPartition.create("t1", 1024, 0.1, 1))
                .value().uuid();
        c.runJob(Paths.lpar(uuid), "PowerOn", Map.of(), JobOptions.timeout(Duration.ofSeconds(5)));
        java.util.List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t)).toList();

        c.close();
        for (Thread t : started) {
            if (t.getName().startsWith("iaas-powervm-http-")) {
                t.join(5000);
            }
        }

        assertThat(started).extracting(Thread::getName).anyMatch(n -> n.startsWith("iaas-powervm-http-"))
                .noneMatch(n -> n.matches("HttpClient-\\d+-Worker-\\d+"));
        assertThat(started).filteredOn(t -> t.getName().startsWith("iaas-powervm-http-")).noneMatch(Thread::isAlive);
    }

    @Test
    void plainHttpIsRefusedForAnythingButLoopbackAndHttpsNeedsAReadableTrustStore() {
        assertThatThrownBy(() -> PowerVmConfig.builder(URI.create("http://hmc.example.com:12443")))
                .hasMessageContaining("http://hmc.example.com:12443");
        PowerVmConfig tls = PowerVmConfig.builder(URI.create("https://hmc.example.com:12443"))
                .credentials("hscroot", SECRET.toCharArray())
                .trustStore(Path.of("/nonexistent/truststore.p12"), "changeit".toCharArray()).build();

        PowerVmException e = catchThrowableOfType(PowerVmException.class, () -> PowerVmClient.lazy(tls));

        assertThat(e.category()).isEqualTo(FailureCategory.INVALID_INPUT);
        assertThat(e.getMessage()).contains("truststore.p12").doesNotContain("changeit");
    }
}
