package org.iaasengine.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.request.ActionRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a journal on any database does: records in write-ahead order, and a recovery that settles
 * every run a process left at any transition exactly once, leaving nothing on the hosts that the
 * outcome does not account for. Run on SQLite ({@link SqliteJournalTest}) and on PostgreSQL
 * ({@link PostgresJournalIT}).
 */
abstract class JournalContract {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final List<AutoCloseable> open = new ArrayList<>();

    /** A new journal builder on a store of its own for this test; {@link #reopen} opens the same store. */
    abstract SqlJournalBuilder fresh();

    /** The store of the last {@link #fresh} again, as a new process would open it. */
    abstract SqlJournalBuilder reopen();

    SqlJournal open(SqlJournalBuilder b) {
        SqlJournal j = b.open();
        open.add(j);
        return j;
    }

    Engine engine(org.iaasengine.core.spi.Journal j) {
        Engine e = Engine.builder().workers(2).journal(j).closeGrace(Duration.ofSeconds(2)).build();
        open.add(0, e);
        return e;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    // ------------------------------------------------------------------ writing

    @Test
    void aRunIsRecordedInWriteAheadOrderAndItsResultsReadBackTypedByTheirKeys() {
        FakeHosts hosts = new FakeHosts("h1");
        SqlJournal journal = open(fresh());
        Engine engine = engine(journal);
        var handle = engine.submit(hosts.create(new FakeHosts.CreateReq("h1", "web1")));
        handle.future().join();

        ActionEntry entry = journal.action(handle.id()).orElseThrow();
        assertThat(entry.state()).isEqualTo(SqlJournal.State.SUCCEEDED);
        assertThat(entry.requestJson()).isEqualTo(
                "{\"schema\":1,\"action\":\"create\",\"request\":{\"host\":\"h1\",\"vm\":\"web1\"}}");
        assertThat(entry.intact()).isTrue();
        List<RecordEntry> records = journal.records(handle.id());
        assertThat(records).extracting(r -> r.kind() + " " + r.stepName()).containsExactly(
                "STARTED Make[disk:web1]", "SUCCEEDED Make[disk:web1]", "STARTED Configure", "SUCCEEDED Configure",
                "STARTED Start", "SUCCEEDED Start");
        assertThat(records).allMatch(RecordEntry::intact);
        ValueCodec codec = journal.values();
        assertThat(codec.decode("disk", FakeHosts.DISK.genericType(), records.get(1).valueType(),
                records.get(1).valueJson())).isEqualTo(new FakeHosts.Made("disk:web1", java.nio.file.Path.of(
                        "/var/tmp/disk:web1")));
        assertThat(codec.decode("config", FakeHosts.CONFIG.genericType(), records.get(3).valueType(),
                records.get(3).valueJson())).isEqualTo(Optional.of("previous-web1"));
    }

    @Test
    void aFailedRunRecordsTheStartOfItsRevertAndEachRevert() {
        FakeHosts hosts = new FakeHosts("h1");
        hosts.on("h1").add("running:web1"); // the start step fails CONFLICT
        SqlJournal journal = open(fresh());
        Engine engine = engine(journal);
        var handle = engine.submit(hosts.create(new FakeHosts.CreateReq("h1", "web1")));
        assertThatThrownBy(() -> handle.future().join()).hasCauseInstanceOf(ActionFailedException.class);
        assertThat(journal.records(handle.id())).extracting(r -> r.kind() + " " + r.stepName()).containsExactly(
                "STARTED Make[disk:web1]", "SUCCEEDED Make[disk:web1]", "STARTED Configure", "SUCCEEDED Configure",
                "STARTED Start", "REVERTING Start", "REVERTED Start", "REVERTED Configure",
                "REVERTED Make[disk:web1]");
        assertThat(journal.action(handle.id()).orElseThrow().state()).isEqualTo(SqlJournal.State.FAILED);
        // The failed start's undo removed what it found: the running thing planted above.
        assertThat(hosts.all()).isEmpty();
    }

    @Test
    void aResultThatCannotBeWrittenFailsTheStepAndTheRunIsReverted() {
        FakeHosts hosts = new FakeHosts("h1");
        SqlJournal journal = open(fresh());
        Engine engine = engine(journal);
        var plan = org.iaasengine.core.Action.<Void>builder("create", "vm:x")
                .request(new FakeHosts.CreateReq("h1", "x"))
                .step(FakeHosts.DISK, hosts.new Make("h1", "disk:x"))
                .step(org.iaasengine.core.Key.of("bad", Object.class),
                        org.iaasengine.core.Command.named("Bad", ctx -> new Object()))
                .build();
        var handle = engine.submit(plan);
        assertThatThrownBy(() -> handle.future().join()).cause().isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("cannot be written to the journal as JSON");
        assertThat(hosts.all()).isEmpty();
    }

    @Test
    void theOutcomeIsKeptToAnswerARepeatedRequest() {
        FakeHosts hosts = new FakeHosts("h1");
        SqlJournal journal = open(fresh());
        Engine engine = engine(journal);
        var ok = engine.submit(hosts.create(new FakeHosts.CreateReq("h1", "web1")), "job-ok");
        ok.future().join();
        Outcome good = journal.outcome("job-ok").orElseThrow();
        assertThat(good.state()).isEqualTo(SqlJournal.State.SUCCEEDED);
        assertThat(good.json()).isNull(); // the create's result is null

        hosts.on("h1").add("disk:web2"); // the disk step fails CONFLICT
        var bad = engine.submit(hosts.create(new FakeHosts.CreateReq("h1", "web2")), "job-bad");
        assertThatThrownBy(() -> bad.future().join()).hasCauseInstanceOf(ActionFailedException.class);
        Outcome failed = journal.outcome("job-bad").orElseThrow();
        assertThat(failed.state()).isEqualTo(SqlJournal.State.FAILED);
        assertThat(failed.resultType()).isEqualTo("failure");
        assertThat(failed.json()).contains("\"category\":\"CONFLICT\"").contains("disk:web2 exists already");
        assertThat(journal.outcome("no-such-job")).isEmpty();
    }

    /** A result with a java.time value, as host statistics have. */
    record Sampled(String host, java.time.Duration interval) {
    }

    @Test
    void resultsWithTimeValuesAreJournaledAndAResultThatCannotBeWrittenCostsOnlyItsKeptAnswer() {
        SqlJournal journal = open(fresh());
        Engine engine = engine(journal);
        org.iaasengine.core.Key<Sampled> k = org.iaasengine.core.Key.of("sample", Sampled.class);
        var timed = engine.submit(org.iaasengine.core.Action.<Sampled>builder("stats", "host:h1")
                .step(k, org.iaasengine.core.Command.named("Sample", ctx -> new Sampled("h1",
                        java.time.Duration.ofSeconds(2))))
                .resultFrom(k).build(), "job-stats");
        assertThat(timed.future().join().interval()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(journal.outcome("job-stats").orElseThrow().json()).contains("\"host\":\"h1\"");

        var opaque = engine.submit(org.iaasengine.core.Action.<Object>builder("opaque", "host:h1")
                .step(org.iaasengine.core.Command.named("Nothing", ctx -> null))
                .result(r -> new Object()).build(), "job-opaque");
        assertThat(opaque.future().join()).isNotNull();
        Outcome o = journal.outcome("job-opaque").orElseThrow();
        assertThat(o.state()).isEqualTo(SqlJournal.State.SUCCEEDED);
        assertThat(o.json()).isNull();
    }

    // ------------------------------------------------------------------ recovery at every transition

    /** Transitions of a create that succeeds: started, 3 x (step started, step succeeded), finished. */
    private static final int CREATE_TRANSITIONS = 8;

    @Test
    void aCreateKilledAtEveryTransitionIsRevertedOnceAndLeavesNothing() {
        for (boolean before : new boolean[] {false, true}) {
            for (int n = 1; n <= CREATE_TRANSITIONS; n++) {
                crashThenRecover("create", n, before);
            }
        }
    }

    @Test
    void aResumableDeleteKilledAtEveryTransitionIsFinishedOnce() {
        for (boolean before : new boolean[] {false, true}) {
            for (int n = 1; n <= CREATE_TRANSITIONS; n++) {
                crashThenRecover("delete", n, before);
            }
        }
    }

    private void crashThenRecover(String action, int n, boolean before) {
        String at = action + " killed " + (before ? "before" : "after") + " transition " + n;
        FakeHosts world = new FakeHosts("h1");
        String vm = "vm" + n + (before ? "b" : "a");
        if (action.equals("delete")) {
            world.on("h1").addAll(List.of("disk:" + vm, "config:" + vm, "running:" + vm));
        }
        SqlJournal journal1 = open(fresh());
        DyingJournal dying = new DyingJournal(journal1, n, before, world.dead);
        Engine first = engine(dying);
        var plan = action.equals("create") ? world.create(new FakeHosts.CreateReq("h1", vm))
                : world.delete(new FakeHosts.DeleteReq("h1", vm));
        var handle = first.submit(plan);
        handle.future().handle((v, e) -> null).join();
        boolean finishedBeforeDeath = journal1.action(handle.id()).map(e -> e.state() == SqlJournal.State.SUCCEEDED)
                .orElse(false);
        journal1.close();

        // A new process opens the same journal and recovers.
        FakeHosts second = world.nextProcess();
        SqlJournal journal2 = open(reopen());
        List<EngineEvent> heard = new CopyOnWriteArrayList<>();
        Engine engine2 = engine(journal2);
        engine2.addListener(heard::add);
        RecoveryReport report = JournalRecovery.recover(engine2, journal2, second.registry(), second, WAIT);

        boolean started = journal2.action(handle.id()).isPresent();
        if (!started || finishedBeforeDeath) {
            assertThat(report.outcomes()).as(at).isEmpty();
        } else {
            assertThat(report.outcomes()).as(at).hasSize(1);
            RecoveryReport.Result expected = action.equals("create") ? RecoveryReport.Result.REVERTED
                    : RecoveryReport.Result.RESUMED;
            assertThat(report.outcomes().get(0).result()).as(at + ": " + report).isEqualTo(expected);
            assertThat(heard).as(at).filteredOn(e -> e instanceof EngineEvent.ActionFailed
                    || e instanceof EngineEvent.ActionSucceeded).hasSize(1);
        }
        if (action.equals("create")) {
            // Reverted, never started, or finished before the death: all or nothing.
            assertThat(world.all()).as(at).satisfiesAnyOf(
                    all -> assertThat(all).isEmpty(),
                    all -> assertThat(finishedBeforeDeath).isTrue());
        } else if (started) {
            assertThat(world.all()).as(at).isEmpty();
        }
        // Exactly once: a second recovery finds nothing to do.
        assertThat(JournalRecovery.recover(engine2, journal2, second.registry(), second, WAIT).outcomes()).as(at)
                .isEmpty();
        assertThat(journal2.unfinished()).as(at).isEmpty();
    }

    // ------------------------------------------------------------------ what cannot be settled

    @Test
    void aRevertThatMeetsAHostThatDoesNotAnswerStaysPendingAndALaterRecoveryFinishesIt() {
        FakeHosts world = new FakeHosts("h1");
        SqlJournal journal1 = open(fresh());
        Engine first = engine(new DyingJournal(journal1, 5, false, world.dead)); // after Configure started
        first.submit(world.create(new FakeHosts.CreateReq("h1", "web1"))).future().handle((v, e) -> null).join();
        journal1.close();
        assertThat(world.all()).containsExactly("h1/config:web1", "h1/disk:web1");

        FakeHosts second = world.nextProcess();
        world.down.add("h1");
        SqlJournal journal2 = open(reopen());
        Engine engine2 = engine(journal2);
        RecoveryReport r1 = JournalRecovery.recover(engine2, journal2, second.registry(), second, WAIT);
        assertThat(r1.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(RecoveryReport.Result.PENDING);
            assertThat(o.detail()).contains("does not answer");
        });
        assertThat(journal2.unfinished()).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(SqlJournal.State.PENDING);
            assertThat(e.reason()).contains("host h1 does not answer");
        });

        world.down.remove("h1");
        RecoveryReport r2 = JournalRecovery.recover(engine2, journal2, second.registry(), second, WAIT);
        assertThat(r2.outcomes()).singleElement().extracting(RecoveryReport.Outcome::result)
                .isEqualTo(RecoveryReport.Result.REVERTED);
        assertThat(world.all()).isEmpty();
        assertThat(journal2.unfinished()).isEmpty();
    }

    @Test
    void aRunWhoseHostThisProcessDoesNotKnowStaysPendingWithTheReason() {
        FakeHosts world = new FakeHosts("h1");
        SqlJournal journal1 = open(fresh());
        Engine first = engine(new DyingJournal(journal1, 3, false, world.dead));
        first.submit(world.create(new FakeHosts.CreateReq("h1", "web1"))).future().handle((v, e) -> null).join();
        journal1.close();

        FakeHosts elsewhere = new FakeHosts("h2"); // a process that has no host h1
        SqlJournal journal2 = open(reopen());
        Engine engine2 = engine(journal2);
        RecoveryReport r = JournalRecovery.recover(engine2, journal2, elsewhere.registry(), elsewhere, WAIT);
        assertThat(r.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(RecoveryReport.Result.PENDING);
            assertThat(o.detail()).contains("no host named 'h1'");
        });
        assertThat(world.all()).containsExactly("h1/disk:web1"); // untouched, not forgotten
        assertThat(journal2.unfinished()).hasSize(1);
    }

    @Test
    void aRecordThatDoesNotMatchItsChecksumIsNeverActedUpon() throws Exception {
        FakeHosts world = new FakeHosts("h1");
        SqlJournal journal1 = open(fresh());
        Engine first = engine(new DyingJournal(journal1, 5, false, world.dead));
        var h = first.submit(world.create(new FakeHosts.CreateReq("h1", "web1")));
        h.future().handle((v, e) -> null).join();
        journal1.close();
        SqlJournal journal2 = open(reopen());
        // A torn write: the disk's result changed under its checksum.
        corrupt(journal2, h.id());

        FakeHosts second = world.nextProcess();
        Engine engine2 = engine(journal2);
        RecoveryReport r = JournalRecovery.recover(engine2, journal2, second.registry(), second, WAIT);
        assertThat(r.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(RecoveryReport.Result.PENDING);
            assertThat(o.detail()).contains("does not match its checksum");
        });
        assertThat(world.all()).containsExactly("h1/config:web1", "h1/disk:web1");
        assertThat(world.calls).doesNotContain("unmake disk:web1", "undo-failed config:web1");
    }

    /** Changes the JSON of the action's first SUCCEEDED record, leaving its checksum. */
    abstract void corrupt(SqlJournal journal, String actionId) throws Exception;

    @Test
    void twoRecoveriesAtOnceSettleARunOnce() throws Exception {
        FakeHosts world = new FakeHosts("h1");
        SqlJournal journal1 = open(fresh());
        Engine first = engine(new DyingJournal(journal1, 4, false, world.dead));
        first.submit(world.create(new FakeHosts.CreateReq("h1", "web1"))).future().handle((v, e) -> null).join();
        journal1.close();

        FakeHosts a = world.nextProcess();
        FakeHosts b = world.nextProcess();
        SqlJournal ja = open(reopen());
        SqlJournal jb = open(reopen());
        Engine ea = engine(ja);
        Engine eb = engine(jb);
        var fa = java.util.concurrent.CompletableFuture.supplyAsync(() -> JournalRecovery.recover(ea, ja, a.registry(),
                a, WAIT));
        var fb = java.util.concurrent.CompletableFuture.supplyAsync(() -> JournalRecovery.recover(eb, jb, b.registry(),
                b, WAIT));
        int settled = fa.get().outcomes().size() + fb.get().outcomes().size();
        assertThat(settled).isEqualTo(1);
        assertThat(world.calls.stream().filter(c -> c.equals("unmake disk:web1"))).hasSize(1);
        assertThat(world.all()).isEmpty();
    }

    @Test
    void finishedRunsArePrunedBeyondTheRetentionCountAndUnfinishedOnesAreKept() {
        FakeHosts world = new FakeHosts("h1");
        SqlJournal journal = open(fresh().retention(Duration.ZERO, 2));
        Engine engine = engine(journal);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            var h = engine.submit(world.create(new FakeHosts.CreateReq("h1", "p" + i)));
            h.future().join();
            ids.add(h.id());
        }
        journal.actionStarted("unfinished-1", "create", "vm:u", null);
        journal.stepStarted("unfinished-1", 0, "Make[disk:u]", 1);
        assertThat(journal.prune()).isEqualTo(3);
        assertThat(journal.list(100)).extracting(ActionEntry::actionId)
                .containsExactlyInAnyOrder(ids.get(3), ids.get(4), "unfinished-1");
        assertThat(journal.records(ids.get(0))).isEmpty();
    }
}
