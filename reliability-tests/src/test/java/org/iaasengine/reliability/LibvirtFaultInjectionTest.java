package org.iaasengine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.iaasengine.core.Engine;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.reliability.FaultInjectingDriver.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every libvirt VM action, with every fault (each failure category, a lost reply, a timeout, a hang)
 * at every driver call it makes, reverts included, on libvirt's test driver opened in process.
 *
 * <p>Why the test driver: the faults are injected at the driver port, so what is under test is the
 * library's handling of them (which steps revert, what the failure hook re-reads, what the model
 * says); the leak check is as meaningful as on a real daemon: the driver's own domain list, the disk
 * copies qemu-img really made in the storage directory, the definition store's files. The test
 * driver answers in microseconds, so all of it (hundreds of scenarios) runs in seconds; the real
 * daemon suite ({@code LibvirtFaultInjectionIT}) repeats the create, lifecycle and migration
 * enumerations there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LibvirtFaultInjectionTest {
    static final List<Fault> ALL_FAULTS = allFaults();
    /**
     * For the actions other than create: one category of each handling the commands tell apart
     * (retried, tolerated as "gone" or "not running", a mode fallback, a plain failure), a lost
     * reply, a timeout, a hang. CANCELLED and TIMEOUT as categories are handled as INTERNAL is.
     */
    static final List<Fault> FAULTS = List.of(Fault.fail(FailureCategory.TRANSIENT),
            Fault.fail(FailureCategory.NOT_FOUND), Fault.fail(FailureCategory.INVALID_INPUT),
            Fault.fail(FailureCategory.CONFLICT), Fault.fail(FailureCategory.INTERNAL),
            Fault.failAfterCall(FailureCategory.TIMEOUT), Fault.timeout(), Fault.hang());

    @TempDir
    static Path tmp;

    private LibvirtWorld world;
    private Engine engine;
    private FaultCampaign campaign;

    static List<Fault> allFaults() {
        List<Fault> faults = new ArrayList<>();
        for (FailureCategory c : FailureCategory.values()) {
            faults.add(Fault.fail(c));
        }
        faults.add(Fault.failAfterCall(FailureCategory.TIMEOUT));
        faults.add(Fault.failAfterCall(FailureCategory.TRANSIENT));
        faults.add(Fault.timeout());
        faults.add(Fault.hang());
        return faults;
    }

    @BeforeAll
    void setUp() throws Exception {
        world = new LibvirtWorld("iaas-rel-unit-", tmp).host("test-host", LibvirtJavaDriver.open("test:///default"),
                "test");
        engine = Engine.builder().workers(2).build();
        campaign = new FaultCampaign(world, engine, Duration.ofMillis(200), Duration.ofMillis(200));
    }

    @AfterAll
    void tearDown() {
        System.out.println(campaign.summary("fault-injection test-driver"));
        engine.close();
        world.close();
    }

    private void enumerate(FaultCampaign.Scenario s) {
        enumerate(s, FAULTS);
    }

    private void enumerate(FaultCampaign.Scenario s, List<Fault> faults) {
        int leaksBefore = campaign.leaks.size();
        int divergencesBefore = campaign.divergences.size();
        int calls = campaign.enumerate(s, 0, faults);
        assertThat(calls).as("driver calls of a clean %s", s).isPositive();
        assertThat(campaign.leaks.subList(leaksBefore, campaign.leaks.size())).as("leaks").isEmpty();
        assertThat(campaign.divergences.subList(divergencesBefore, campaign.divergences.size())).as("divergences")
                .isEmpty();
    }

    @Test
    void createOfAPersistentVmWithADiskLeavesNothingBehindWhateverCallFails() {
        enumerate(FaultCampaign.createScenario(Lifecycle.PERSISTENT, true), ALL_FAULTS);
    }

    @Test
    void createOfATransientVmWithADiskLeavesNothingBehindWhateverCallFails() {
        enumerate(FaultCampaign.createScenario(Lifecycle.TRANSIENT, true), ALL_FAULTS);
    }

    @Test
    void startOfAPersistentVmKeepsModelAndHostEqualWhateverCallFails() {
        enumerate(FaultCampaign.startScenario(Lifecycle.PERSISTENT));
    }

    @Test
    void startOfATransientVmKeepsModelAndHostEqualWhateverCallFails() {
        enumerate(FaultCampaign.startScenario(Lifecycle.TRANSIENT));
    }

    @Test
    void shutdownKeepsModelAndHostEqualWhateverCallFails() {
        enumerate(FaultCampaign.shutdownScenario(Lifecycle.PERSISTENT));
        enumerate(FaultCampaign.shutdownScenario(Lifecycle.TRANSIENT));
    }

    @Test
    void suspendAndResumeKeepModelAndHostEqualWhateverCallFails() {
        enumerate(FaultCampaign.suspendScenario());
        enumerate(FaultCampaign.resumeScenario());
    }

    @Test
    void rebootKeepsModelAndHostEqualWhateverCallFails() {
        enumerate(FaultCampaign.rebootScenario());
    }

    @Test
    void deleteLeavesNoDiskOrDefinitionOfAVmTheModelForgotWhateverCallFails() {
        enumerate(FaultCampaign.deleteScenario(Lifecycle.PERSISTENT));
        enumerate(FaultCampaign.deleteScenario(Lifecycle.TRANSIENT));
    }

    /** Every fault at every call, then a plain failure at every call after it (the reverts, the hook). */
    private void enumerateWithSecondFault(FaultCampaign.Scenario sc) {
        int leaksBefore = campaign.leaks.size();
        int divergencesBefore = campaign.divergences.size();
        assertThat(campaign.enumerate(sc, 0, FAULTS, List.of(Fault.fail(FailureCategory.INTERNAL))))
                .as("driver calls of a clean %s", sc).isPositive();
        assertThat(campaign.leaks.subList(leaksBefore, campaign.leaks.size())).as("leaks of %s", sc).isEmpty();
        assertThat(campaign.divergences.subList(divergencesBefore, campaign.divergences.size()))
                .as("divergences of %s", sc).isEmpty();
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void poweroffAndSoftPoweroffKeepModelAndHostEqualWhateverCallOrRevertCallFails() {
        enumerateWithSecondFault(FaultCampaign.poweroffScenario());
        enumerateWithSecondFault(FaultCampaign.softPoweroffScenario());
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void poweronOfAStoppedVmKeepsModelStoreAndHostEqualWhateverCallOrRevertCallFails() {
        enumerateWithSecondFault(FaultCampaign.poweronAfterStopScenario());
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void stopKeepsModelStoreAndHostEqualWhateverCallOrRevertCallFails() {
        enumerateWithSecondFault(FaultCampaign.stopScenario());
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void terminateLeavesNoDiskOrDefinitionWhateverCallOrRevertCallFails() {
        enumerateWithSecondFault(FaultCampaign.terminateScenario());
        // With an attached volume: the volume's file and record go with the VM, or both stay.
        enumerateWithSecondFault(FaultCampaign.terminateWithAVolumeScenario());
    }
}
