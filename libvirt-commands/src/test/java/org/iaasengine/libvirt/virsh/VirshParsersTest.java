package org.iaasengine.libvirt.virsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DomainInfo;
import org.iaasengine.libvirt.driver.DomainInterface;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.EventDetail;
import org.iaasengine.libvirt.driver.DomainStats;
import org.iaasengine.libvirt.driver.DomainStatus;
import org.iaasengine.libvirt.driver.StateReason;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.FinishedJob;
import org.iaasengine.libvirt.driver.JobProgress;
import org.iaasengine.libvirt.driver.NodeInfo;
import org.iaasengine.libvirt.driver.NodeStats;
import org.junit.jupiter.api.Test;

/** The parsers against outputs recorded from real virsh 9.0 (LC_ALL=C) on this project's hosts. */
class VirshParsersTest {

    static String recorded(String file) {
        try (InputStream in = VirshParsersTest.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void listingGivesEveryDomainWithIdStatePersistenceAndVerbatimName() {
        List<DomainSummary> all = VirshParsers.parseListing(recorded("listing.txt"));

        assertThat(all).hasSize(11);
        assertThat(all).contains(
                new DomainSummary("iaas-ct-virsh-rec a b", "03377d9f-6cb4-40ad-98e0-04cbde4e4a10", 19,
                        DomainState.RUNNING, false),
                new DomainSummary("iaas-ct-virsh-rec q'\"", "49c78100-4ff5-4d16-8ae5-a5db2cb8882f", 20,
                        DomainState.PAUSED, false),
                new DomainSummary("iaas-ct-virsh-rec ;$(id) <&>", "05c9460a-4279-45c8-9509-2ef7014787d6", 21,
                        DomainState.RUNNING, false),
                new DomainSummary("iaas-ct-virsh-rec': Started Booted", "d6b088af-b9c9-40ab-b7b7-b0cf36598572", 22,
                        DomainState.PAUSED, true),
                new DomainSummary("iaas-ct-virsh-rec-tab\tx", "534d6aa6-276f-4cc4-aca7-e0317661ecf0", 23,
                        DomainState.RUNNING, false),
                new DomainSummary("iaas-ct-virsh-rec-trail ", "dd08d6ce-74e4-4baf-8121-d5fc2d6674a7", -1,
                        DomainState.SHUTOFF, true),
                new DomainSummary("iaas-ct-virsh-rec-é日本", "a369949f-8c76-4303-8b3c-22e6600ba894", -1,
                        DomainState.SHUTOFF, true));
    }

    @Test
    void listingSkipsADomainThatVanishedBetweenItsCommands() {
        String out = "11111111-2222-3333-4444-555555555555 3 gone\n"
                + "11111111-2222-3333-4444-666666666666 4 here\n\n"
                + VirshParsers.SECTION + "\n\n" + VirshParsers.SECTION + "\n"
                + "Domain: 'here'\n  state.state=1\n  state.reason=1\n\n";
        assertThat(VirshParsers.parseListing(out)).extracting(DomainSummary::name).containsExactly("here");
    }

    @Test
    void listingOfAnEmptyHostIsEmpty() {
        String out = "\n" + VirshParsers.SECTION + "\n\n" + VirshParsers.SECTION + "\n";
        assertThat(VirshParsers.parseListing(out)).isEmpty();
    }

    @Test
    void listingWithMissingSectionsIsRejected() {
        assertThatThrownBy(() -> VirshParsers.parseListing("x\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sections");
    }

    @Test
    void uuidOfNameMatchesOnlyTheExactName() {
        String out = "03377d9f-6cb4-40ad-98e0-04cbde4e4a10 a b\n"
                + "49c78100-4ff5-4d16-8ae5-a5db2cb8882f a b \n"
                + "d6b088af-b9c9-40ab-b7b7-b0cf36598572 42\n\n";
        assertThat(VirshParsers.uuidOfName(out, "a b")).contains("03377d9f-6cb4-40ad-98e0-04cbde4e4a10");
        assertThat(VirshParsers.uuidOfName(out, "a b ")).contains("49c78100-4ff5-4d16-8ae5-a5db2cb8882f");
        assertThat(VirshParsers.uuidOfName(out, "42")).contains("d6b088af-b9c9-40ab-b7b7-b0cf36598572");
        assertThat(VirshParsers.uuidOfName(out, "a")).isEmpty();
    }

    @Test
    void dominfoOfARunningTransientDomain() {
        DomainInfo info = DomInfoParser.parseDomInfo(recorded("dominfo-running.txt"));
        assertThat(info).isEqualTo(new DomainInfo("iaas-ct-virsh-rec a b", "03377d9f-6cb4-40ad-98e0-04cbde4e4a10",
                DomainState.RUNNING, 32768, 32768, 1, 2_600_000_000L, false));
    }

    @Test
    void dominfoKeepsQuotesInTheName() {
        DomainInfo info = DomInfoParser.parseDomInfo(recorded("dominfo-paused-transient.txt"));
        assertThat(info.name()).isEqualTo("iaas-ct-virsh-rec q'\"");
        assertThat(info.state()).isEqualTo(DomainState.PAUSED);
        assertThat(info.cpuTimeNanos()).isEqualTo(700_000_000L);
    }

    @Test
    void dominfoOfAShutOffPersistentDomainHasNoIdAndNoCpuTime() {
        DomainSummary s = DomInfoParser.parseSummary(recorded("dominfo-shutoff-persistent.txt"));
        assertThat(s).isEqualTo(new DomainSummary("iaas-ct-virsh-rec-é日本", "a369949f-8c76-4303-8b3c-22e6600ba894",
                -1, DomainState.SHUTOFF, true));
        assertThat(DomInfoParser.parseDomInfo(recorded("dominfo-shutoff-persistent.txt")).cpuTimeNanos()).isZero();
    }

    @Test
    void dominfoKeepsLeadingAndTrailingSpacesOfTheName() {
        String out = "Id:             -\nName:            lead and trail  \nUUID:           "
                + "dd08d6ce-74e4-4baf-8121-d5fc2d6674a7\nState:          shut off\nCPU(s):         1\n"
                + "Max memory:     32768 KiB\nUsed memory:    32768 KiB\nPersistent:     yes\n\n";
        assertThat(DomInfoParser.parseSummary(out).name()).isEqualTo(" lead and trail  ");
    }

    @Test
    void persistentUnknownIsNotNoButAnErrorNamingTheField() {
        String unknown = recorded("dominfo-running.txt").replace("Persistent:     no", "Persistent:     unknown");
        for (java.util.function.Function<String, ?> parse : List.<java.util.function.Function<String, ?>>of(
                DomInfoParser::parseDomInfo, DomInfoParser::parseSummary)) {
            assertThatThrownBy(() -> parse.apply(unknown))
                    .isInstanceOfSatisfying(org.iaasengine.libvirt.driver.DriverException.class, e -> assertThat(
                            e.category()).isEqualTo(org.iaasengine.core.FailureCategory.INTERNAL))
                    .hasMessageContaining("Persistent: 'unknown'").hasMessageContaining("iaas-ct-virsh-rec a b");
        }
    }

    @Test
    void maxMemoryNoLimitIsAnErrorNamingTheField() {
        String noLimit = recorded("dominfo-running.txt").replace("Max memory:     32768 KiB", "Max memory:     no limit");
        assertThatThrownBy(() -> DomInfoParser.parseDomInfo(noLimit))
                .isInstanceOf(org.iaasengine.libvirt.driver.DriverException.class)
                .hasMessageContaining("Max memory: 'no limit'");
        // The summary does not read memory: a listing still works for such a domain.
        assertThat(DomInfoParser.parseSummary(noLimit).persistent()).isFalse();
    }

    @Test
    void domstateGivesStateAndReasonInVirshWords() {
        List<String> lines = VirshParsers.lines(recorded("domstate.txt")).stream().filter(l -> !l.isEmpty())
                .toList();
        assertThat(lines).extracting(VirshParsers::parseDomState).containsExactly(
                new DomainStatus(DomainState.RUNNING, StateReason.RUNNING_UNPAUSED), new DomainStatus(DomainState.PAUSED, StateReason.PAUSED_USER),
                new DomainStatus(DomainState.RUNNING, StateReason.RUNNING_BOOTED), new DomainStatus(DomainState.SHUTOFF, StateReason.SHUTOFF_UNKNOWN),
                new DomainStatus(DomainState.PAUSED, StateReason.PAUSED_USER), new DomainStatus(DomainState.SHUTOFF, StateReason.SHUTOFF_UNKNOWN),
                new DomainStatus(DomainState.RUNNING, StateReason.RUNNING_BOOTED));
        assertThat(VirshParsers.parseDomState("in shutdown (user)\n\n"))
                .isEqualTo(new DomainStatus(DomainState.SHUTDOWN, StateReason.SHUTDOWN_USER));
    }

    @Test
    void domiflistGivesEachInterface() {
        assertThat(VirshParsers.parseDomIfList(recorded("domiflist.txt")))
                .containsExactly(new DomainInterface("-", "user", "-", "virtio", "52:54:00:cc:00:03"));
        String bridged = " Interface   Type     Source    Model    MAC\n"
                + "---------------------------------------------------------\n"
                + " vnet3       bridge   br0       virtio   52:54:00:AB:CD:EF\n"
                + " vnet4       network  default   e1000    52:54:00:00:00:01\n\n";
        assertThat(VirshParsers.parseDomIfList(bridged)).containsExactly(
                new DomainInterface("vnet3", "bridge", "br0", "virtio", "52:54:00:ab:cd:ef"),
                new DomainInterface("vnet4", "network", "default", "e1000", "52:54:00:00:00:01"));
    }

    @Test
    void domstatsGivesStateVcpusAndBalloonPerDomainWithVerbatimNames() {
        List<DomainStats> stats = VirshParsers.parseDomStats(recorded("domstats.txt"));
        assertThat(stats).extracting(DomainStats::name).contains("iaas-ct-virsh-rec q'\"",
                "iaas-ct-virsh-rec': Started Booted", "iaas-ct-virsh-rec-trail ", "iaas-ct-virsh-rec-é日本",
                "iaas-ct-virsh-rec-tab\tx");
        assertThat(stats).filteredOn(s -> s.name().equals("iaas-ct-virsh-rec q'\"")).singleElement()
                .satisfies(s -> {
                    assertThat(s.state()).isEqualTo(DomainState.PAUSED);
                    assertThat(s.reason()).isEqualTo(StateReason.PAUSED_USER);
                    assertThat(s.vcpus()).isEqualTo(1);
                    assertThat(s.maxMemoryKiB()).isEqualTo(32768);
                    assertThat(s.memoryKiB()).isEqualTo(32768);
                    assertThat(s.fields()).containsEntry("net.count", "1");
                });
        assertThat(stats).filteredOn(s -> s.name().equals("iaas-ct-virsh-rec-trail ")).singleElement()
                .satisfies(s -> {
                    assertThat(s.state()).isEqualTo(DomainState.SHUTOFF);
                    assertThat(s.reason()).isEqualTo(StateReason.SHUTOFF_UNKNOWN);
                });
    }

    @Test
    void stateReasonNumbersBecomeVirshWords() {
        assertThat(VirshWords.word(StateReason.of(DomainState.SHUTOFF, 2))).isEqualTo("destroyed");
        assertThat(VirshWords.word(StateReason.of(DomainState.RUNNING, 2))).isEqualTo("migrated");
        assertThat(VirshWords.word(StateReason.of(DomainState.PAUSED, 1))).isEqualTo("user");
        assertThat(VirshWords.word(StateReason.of(DomainState.RUNNING, 99))).isEqualTo("unknown");
    }

    @Test
    void nodeinfoDescribesTheHost() {
        NodeInfo info = VirshParsers.parseNodeInfo(recorded("nodeinfo.txt"));
        assertThat(info).isEqualTo(new NodeInfo("x86_64", 5072672, 2, 2096, 1, 1, 2, 1));
    }

    @Test
    void nodeStatsSumsCpuTimesAndReadsMemory() {
        NodeStats s = VirshParsers.parseNodeStats(recorded("nodestats.txt"));
        assertThat(s).isEqualTo(new NodeStats(173160000000L, 320800000000L, 1341690000000L, 5940000000L, 24683620,
                23558868, 3896, 313684));
    }

    @Test
    void jobInfoWithoutAJobIsEmpty() {
        assertThat(VirshParsers.parseJobInfo(recorded("domjobinfo-none.txt"))).isEmpty();
    }

    @Test
    void jobInfoOfAMigrationGivesBytesAndTime() {
        Optional<JobProgress> p = VirshParsers.parseJobInfo(recorded("domjobinfo-migrating.txt"));
        assertThat(p).contains(new JobProgress(4042, 135012352, 3416933, 130629632));
        assertThat(p.get().fraction()).isBetween(0.02, 0.03);
    }

    @Test
    void finishedJobOfABackupIsReadOnceFromRawStats() {
        assertThat(VirshParsers.parseFinishedJob(recorded("domjobinfo-completed-backup.txt")))
                .contains(new FinishedJob(FinishedJob.Operation.BACKUP, FinishedJob.Outcome.COMPLETED, ""));
        assertThat(VirshParsers.parseFinishedJob(recorded("domjobinfo-completed-none.txt"))).isEmpty();
        // libvirt's fields of a failed job (no such run was recorded here): type 4 and the message.
        assertThat(VirshParsers.parseFinishedJob("Job type: 4\n\noperation: 9\nerrmsg: No space left on device\n"))
                .contains(new FinishedJob(FinishedJob.Operation.BACKUP, FinishedJob.Outcome.FAILED,
                        "No space left on device"));
    }

    @Test
    void confirmationLineGivesTheNameEvenWithHostileCharacters() {
        assertThat(VirshParsers.parseConfirmedName(recorded("create-stdout.txt"), "created"))
                .isEqualTo("iaas-ct-virsh-rec a b");
        assertThat(VirshParsers.parseConfirmedName(recorded("define-stdout.txt"), "defined"))
                .isEqualTo("iaas-ct-virsh-rec-é日本");
        assertThat(VirshParsers.parseConfirmedName("Domain 'x' created from y' created from /dev/stdin\n\n",
                "created")).isEqualTo("x' created from y");
    }

    @Test
    void lifecycleEventLinesBecomeEventsWithLowerCaseDetail() {
        List<DomainEvent> events = VirshParsers.lines(recorded("events.txt")).stream()
                .map(l -> VirshParsers.parseEvent("qemu:///system", l)).flatMap(Optional::stream).toList();
        assertThat(events).hasSize(28);
        assertThat(events.get(0)).isEqualTo(new DomainEvent("qemu:///system", "iaas-ct-virsh-rec a b", "",
                DomainEvent.Type.RESUMED, EventDetail.RESUMED_UNPAUSED));
        assertThat(events).filteredOn(e -> e.name().equals("iaas-ct-virsh-rec a b"))
                .extracting(DomainEvent::type).containsExactly(DomainEvent.Type.RESUMED, DomainEvent.Type.STARTED,
                        DomainEvent.Type.SUSPENDED, DomainEvent.Type.RESUMED, DomainEvent.Type.SHUTDOWN,
                        DomainEvent.Type.STOPPED);
        assertThat(events).filteredOn(e -> e.name().equals("iaas-ct-virsh-rec a b"))
                .extracting(DomainEvent::detail).containsExactly(EventDetail.RESUMED_UNPAUSED,
                        EventDetail.STARTED_BOOTED, EventDetail.SUSPENDED_PAUSED, EventDetail.RESUMED_UNPAUSED,
                        EventDetail.SHUTDOWN_HOST, EventDetail.STOPPED_DESTROYED);
    }

    @Test
    void eventNamesWithQuotesAndTheSeparatorInsideParse() {
        List<DomainEvent> events = VirshParsers.lines(recorded("events.txt")).stream()
                .map(l -> VirshParsers.parseEvent("u", l)).flatMap(Optional::stream).toList();
        assertThat(events).extracting(DomainEvent::name).contains("iaas-ct-virsh-rec q'\"",
                "iaas-ct-virsh-rec ;$(id) <&>", "iaas-ct-virsh-rec-é日本", "iaas-ct-virsh-rec-trail ",
                "iaas-ct-virsh-rec-tab\tx");
        assertThat(events).filteredOn(e -> e.name().equals("iaas-ct-virsh-rec': Started Booted"))
                .extracting(DomainEvent::type).containsExactly(DomainEvent.Type.DEFINED, DomainEvent.Type.STARTED,
                        DomainEvent.Type.SUSPENDED, DomainEvent.Type.SHUTDOWN, DomainEvent.Type.STOPPED,
                        DomainEvent.Type.UNDEFINED);
    }

    @Test
    void migrationEventsAndOtherLinesParse() {
        assertThat(VirshParsers.parseEvent("u",
                "2026-11-23 18:34:09.953+0000: event 'lifecycle' for domain 'vm1': Stopped Migrated"))
                .contains(new DomainEvent("u", "vm1", "", DomainEvent.Type.STOPPED, EventDetail.STOPPED_MIGRATED));
        assertThat(VirshParsers.parseEvent("u",
                "2026-11-23 18:34:09.953+0000: event 'lifecycle' for domain 'vm1': Suspended I/O Error"))
                .contains(new DomainEvent("u", "vm1", "", DomainEvent.Type.SUSPENDED, EventDetail.SUSPENDED_IOERROR));
        assertThat(VirshParsers.parseEvent("u", "event 'reboot' for domain 'vm1'")).isEmpty();
        assertThat(VirshParsers.parseEvent("u", "events received: 3")).isEmpty();
        assertThat(VirshParsers.parseEvent("u", "")).isEmpty();
    }
}
