package org.iaasengine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.iaasengine.core.Engine;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.reliability.FaultInjectingDriver.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second fault after the first: for every first fault at call N of an action, a second fault at
 * every call M &gt; N the faulted run made (its retries, its reverts, its failure hook), on libvirt's
 * test driver, for every VM action and both hosts of a migration. The checks are the first
 * campaign's: no domain, disk copy or definition left that the failure did not report as a failed
 * revert, and the model equal to the hosts.
 *
 * <p>Faults: a plain failure and a lost reply first; then a plain failure, a transient one (which
 * the revert retry takes) and a lost reply second. Not NOT_FOUND second: libvirt says it only of a
 * domain that is not there, and a revert is right to believe it (injected on a domain that exists,
 * it is a lie no daemon tells). With {@code -Diaas.campaign.full=true} every fault of
 * {@link LibvirtFaultInjectionTest#ALL_FAULTS} but NOT_FOUND is used second (a few minutes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecondFaultTest {
    static final boolean FULL = Boolean.getBoolean("iaas.campaign.full");
    static final List<Fault> FIRST = FULL ? LibvirtFaultInjectionTest.ALL_FAULTS
            : List.of(Fault.fail(FailureCategory.INTERNAL), Fault.failAfterCall(FailureCategory.TIMEOUT));
    static final List<Fault> SECOND = FULL ? LibvirtFaultInjectionTest.ALL_FAULTS.stream()
            .filter(f -> f.category() != FailureCategory.NOT_FOUND).toList()
            : List.of(Fault.fail(FailureCategory.INTERNAL), Fault.fail(FailureCategory.TRANSIENT),
                    Fault.failAfterCall(FailureCategory.TIMEOUT));

    @TempDir
    static Path tmp;

    private LibvirtWorld world;
    private Engine engine;
    private FaultCampaign campaign;

    @BeforeAll
    void setUp() throws Exception {
        world = LibvirtWorld.ofTwoTestHosts("iaas-rel-second-", tmp);
        engine = Engine.builder().workers(2).build();
        campaign = new FaultCampaign(world, engine, Duration.ofMillis(200), Duration.ofMillis(200));
    }

    @AfterAll
    void tearDown() {
        System.out.println(campaign.summary("second-fault test-driver"));
        engine.close();
        world.close();
    }

    private void enumerate(FaultCampaign.Scenario s, int side) {
        int leaksBefore = campaign.leaks.size();
        int divergencesBefore = campaign.divergences.size();
        int revertsBefore = campaign.faultsInReverts + campaign.faultsInHooks;
        assertThat(campaign.enumerate(s, side, FIRST, SECOND)).as("driver calls of a clean %s", s).isPositive();
        assertThat(campaign.leaks.subList(leaksBefore, campaign.leaks.size())).as("leaks").isEmpty();
        assertThat(campaign.divergences.subList(divergencesBefore, campaign.divergences.size())).as("divergences")
                .isEmpty();
        assertThat(campaign.faultsInReverts + campaign.faultsInHooks).as("faults that fired in reverts or hooks")
                .isGreaterThan(revertsBefore);
    }

    @Test
    void createWithATemplateInBothLifecycles() {
        enumerate(FaultCampaign.createScenario(Lifecycle.PERSISTENT, true), 0);
        enumerate(FaultCampaign.createScenario(Lifecycle.TRANSIENT, true), 0);
    }

    @Test
    void startInBothLifecycles() {
        enumerate(FaultCampaign.startScenario(Lifecycle.PERSISTENT), 0);
        enumerate(FaultCampaign.startScenario(Lifecycle.TRANSIENT), 0);
    }

    @Test
    void shutdownRebootSuspendResume() {
        enumerate(FaultCampaign.shutdownScenario(Lifecycle.PERSISTENT), 0);
        enumerate(FaultCampaign.rebootScenario(), 0);
        enumerate(FaultCampaign.suspendScenario(), 0);
        enumerate(FaultCampaign.resumeScenario(), 0);
    }

    @Test
    void deleteInBothLifecycles() {
        enumerate(FaultCampaign.deleteScenario(Lifecycle.PERSISTENT), 0);
        enumerate(FaultCampaign.deleteScenario(Lifecycle.TRANSIENT), 0);
    }

    @Test
    void nonLiveMigrateWithFaultsOnTheSourceAndOnTheDestination() {
        enumerate(FaultCampaign.nonLiveMigrateScenario(), 0);
        enumerate(FaultCampaign.nonLiveMigrateScenario(), 1);
    }
}
