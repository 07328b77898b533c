package org.iaasengine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.iaasengine.core.spi.Journal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every state change of a run goes through one funnel that writes the journal first and tells the
 * listeners second: a recording journal and a recording listener share one sequence here, so the
 * order between the two is what the engine did.
 */
class TransitionFunnelTest {
    private final List<String> sequence = new CopyOnWriteArrayList<>();
    private final List<Object> requests = new CopyOnWriteArrayList<>();
    private final List<Engine> engines = new ArrayList<>();

    /** Writes "J ..." for each journal record into the shared sequence. */
    private final Journal journal = new Journal() {
        @Override
        public void actionStarted(String actionId, String actionName, String resourceKey, Object request) {
            requests.add(request == null ? "no request" : request);
            sequence.add("J actionStarted " + actionName + " " + resourceKey);
        }

        @Override
        public void stepStarted(String actionId, int index, String step, int attempt) {
            sequence.add("J stepStarted " + index + " " + step + " " + attempt);
        }

        @Override
        public void stepSucceeded(String actionId, int index, String step, Object result) {
            sequence.add("J stepSucceeded " + index + " " + step + " " + result);
        }

        @Override
        public void stepReverted(String actionId, int index, String step, boolean ok) {
            sequence.add("J stepReverted " + index + " " + step + " " + ok);
        }

        @Override
        public void actionFinished(String actionId, boolean succeeded) {
            sequence.add("J actionFinished " + succeeded);
        }
    };

    /** Writes "E ..." for each event into the shared sequence. */
    private final EngineListener listener = e -> sequence.add("E " + describe(e));

    private static String describe(EngineEvent e) {
        if (e instanceof EngineEvent.CommandStarted c) {
            return "CommandStarted " + c.step() + " " + c.attempt();
        } else if (e instanceof EngineEvent.CommandSucceeded c) {
            return "CommandSucceeded " + c.step() + " " + c.attempt();
        } else if (e instanceof EngineEvent.CommandFailed c) {
            return "CommandFailed " + c.step() + " " + c.attempt() + " " + c.category();
        } else if (e instanceof EngineEvent.Retrying r) {
            return "Retrying " + r.step() + " " + r.failedAttempt();
        } else if (e instanceof EngineEvent.Reverting r) {
            return "Reverting " + r.step();
        } else if (e instanceof EngineEvent.Reverted r) {
            return "Reverted " + r.step();
        } else if (e instanceof EngineEvent.RevertFailed r) {
            return "RevertFailed " + r.step();
        } else if (e instanceof EngineEvent.ActionFailed f) {
            return "ActionFailed " + f.failedStep();
        } else if (e instanceof EngineEvent.Progress p) {
            return "Progress " + p.step() + " " + p.message();
        }
        return e.getClass().getSimpleName();
    }

    private Engine engine() {
        Engine e = Engine.builder().workers(2).journal(journal).listener(listener)
                .defaultActionTimeout(Duration.ofSeconds(30)).build();
        engines.add(e);
        return e;
    }

    @AfterEach
    void closeEngines() {
        engines.forEach(e -> e.close(Duration.ofSeconds(5)));
    }

    /** Retries at once, on the same thread: the sequence is deterministic. */
    private static Retry atOnce(int attempts) {
        return Retry.builder().maxAttempts(attempts).fixedDelay(Duration.ZERO).jitter(0).build();
    }

    /** A command that returns its name and whose revert logs nothing and succeeds. */
    private static Command<String> undoable(String name) {
        return new Command<>() {
            @Override
            public String execute(CommandContext ctx) {
                return name;
            }

            @Override
            public void revert(CommandContext ctx, String result) {
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    @Test
    void aSuccessfulRunIsJournaledBeforeEachOfItsEvents() {
        Key<String> k = Key.of("k", String.class);
        engine().run(Action.<String>builder("create", "vm:web1").step(k, undoable("one")).resultFrom(k).build());

        assertThat(sequence).containsExactly(
                "J actionStarted create vm:web1", "E ActionStarted",
                "J stepStarted 0 one 1", "E CommandStarted one 1",
                "J stepSucceeded 0 one one", "E CommandSucceeded one 1",
                "J actionFinished true", "E ActionSucceeded");
    }

    @Test
    void everyKindOfTransitionIsJournaledBeforeItsEventAndInOneOrder() {
        runWithEveryKindOfTransition();

        assertThat(sequence).containsExactly(
                "J actionStarted create vm:web1", "E ActionStarted",
                "J stepStarted 0 stubborn 1", "E CommandStarted stubborn 1",
                "J stepSucceeded 0 stubborn disk", "E CommandSucceeded stubborn 1",
                "J stepStarted 1 one 1", "E CommandStarted one 1",
                "J stepSucceeded 1 one one", "E CommandSucceeded one 1",
                // a failed attempt, then a retry: each attempt is journaled as started
                "J stepStarted 2 flaky 1", "E CommandStarted flaky 1",
                "E CommandFailed flaky 1 TRANSIENT", "E Retrying flaky 1",
                "J stepStarted 2 flaky 2", "E CommandStarted flaky 2",
                "J stepSucceeded 2 flaky ok", "E CommandSucceeded flaky 2",
                "J stepStarted 3 boom 1", "E CommandStarted boom 1",
                "E CommandFailed boom 1 CONFLICT",
                // flaky (a lambda) has nothing to undo; one is reverted; stubborn's revert fails twice
                "E Reverting one", "J stepReverted 1 one true", "E Reverted one",
                "E Reverting stubborn", "E RevertFailed stubborn", "E Retrying stubborn 1",
                "E Reverting stubborn", "J stepReverted 0 stubborn false", "E RevertFailed stubborn",
                "J actionFinished false", "E ActionFailed boom");
    }

    /**
     * A run with every kind of change: steps that succeed, fail, are retried; reverts that succeed,
     * fail and are retried; the action's start and failure.
     */
    private void runWithEveryKindOfTransition() {
        AtomicInteger flakyCalls = new AtomicInteger();
        Command<String> flaky = Command.named("flaky", ctx -> {
            if (flakyCalls.incrementAndGet() == 1) {
                throw new CommandException(FailureCategory.TRANSIENT, "busy");
            }
            return "ok";
        });
        Command<String> stubborn = new Command<>() {
            @Override
            public String execute(CommandContext ctx) {
                return "disk";
            }

            @Override
            public void revert(CommandContext ctx, String result) {
                throw new CommandException(FailureCategory.TRANSIENT, "disk busy");
            }

            @Override
            public String name() {
                return "stubborn";
            }
        };
        Command<String> boom = Command.named("boom", ctx -> {
            throw new CommandException(FailureCategory.CONFLICT, "exists");
        });
        Action<Object> a = Action.builder("create", "vm:web1")
                .step(stubborn).step(undoable("one")).step(flaky).step(boom)
                .retry(atOnce(2)).revertRetry(atOnce(2)).build();

        assertThatThrownBy(() -> engine().run(a)).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.reverted()).containsExactly("one");
            assertThat(e.revertFailures()).extracting(RevertFailure::step).containsExactly("stubborn");
        });
    }

    @Test
    void everyEventWithAJournalRecordComesRightAfterIt() {
        // The same run as above, read generically: whatever the engine journals for a change
        // immediately precedes the event of that change.
        runWithEveryKindOfTransition();
        Map<String, String> recordOf = Map.of(
                "ActionStarted", "J actionStarted", "CommandStarted", "J stepStarted",
                "CommandSucceeded", "J stepSucceeded", "Reverted", "J stepReverted",
                "ActionSucceeded", "J actionFinished true", "ActionFailed", "J actionFinished false");
        int checked = 0;
        for (int i = 0; i < sequence.size(); i++) {
            String entry = sequence.get(i);
            if (!entry.startsWith("E ")) {
                continue;
            }
            String kind = entry.substring(2).split(" ")[0];
            if (recordOf.containsKey(kind)) {
                assertThat(sequence.get(i - 1)).as("record before %s", entry).startsWith(recordOf.get(kind));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(11);
        // The last failed revert attempt is the revert's failure: journaled, then told.
        int lastRevertFailed = sequence.lastIndexOf("E RevertFailed stubborn");
        assertThat(sequence.get(lastRevertFailed - 1)).isEqualTo("J stepReverted 0 stubborn false");
    }

    @Test
    void aStepIsJournaledAsStartedBeforeItsCommandRunsOnEveryAttempt() {
        List<String> seenByCommand = new CopyOnWriteArrayList<>();
        Command<String> probe = Command.named("probe", ctx -> {
            seenByCommand.add(ctx.attempt() + ": " + sequence.get(sequence.size() - 2));
            assertThat(sequence).contains("J stepStarted 0 probe " + ctx.attempt());
            if (ctx.attempt() == 1) {
                throw new CommandException(FailureCategory.TRANSIENT, "busy");
            }
            return "ok";
        });
        Key<String> k = Key.of("k", String.class);

        assertThat(engine().run(Action.<String>builder("a", "vm:a").step(Step.of(k, probe).withRetry(atOnce(2)))
                .resultFrom(k).build())).isEqualTo("ok");

        // When the command ran, the journal's latest record was its own start (the event followed).
        assertThat(seenByCommand).containsExactly("1: J stepStarted 0 probe 1", "2: J stepStarted 0 probe 2");
    }

    @Test
    void aStepInFlightAtACrashIsStartedWithoutAResultUnlikeOneThatNeverBegan() throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        Command<String> hang = Command.named("migrate", ctx -> {
            inFlight.countDown();
            Thread.sleep(60_000); // the process "dies" here; the test reads the journal meanwhile
            return "never";
        });
        ActionHandle<Object> h = engine().submit(Action.builder("migrate", "vm:a")
                .step(undoable("prepare")).step(hang).step(undoable("cleanup")).build());
        assertThat(inFlight.await(5, TimeUnit.SECONDS)).isTrue();

        // What a restarting process would read: the records written so far.
        Map<Integer, String> state = stepStates(List.copyOf(sequence));
        assertThat(state).containsExactly(Map.entry(0, "done"), Map.entry(1, "in flight"));
        assertThat(state).doesNotContainKey(2); // cleanup never began
        assertThat(sequence).doesNotContain("J actionFinished false", "J actionFinished true");

        h.cancel();
        assertThatThrownBy(h::join).isInstanceOf(ActionFailedException.class);
    }

    /** A journal reader: each step's state from its records (started without a result: in flight). */
    private static Map<Integer, String> stepStates(List<String> records) {
        Map<Integer, String> state = new TreeMap<>();
        for (String r : records) {
            String[] f = r.split(" ");
            if (f[1].equals("stepStarted")) {
                state.put(Integer.parseInt(f[2]), "in flight");
            } else if (f[1].equals("stepSucceeded")) {
                state.put(Integer.parseInt(f[2]), "done");
            }
        }
        return state;
    }

    /** A request record, as a plan factory would give the builder. */
    record CreateRequest(String name, int memoryMb) {
    }

    @Test
    void actionStartedReceivesTheRequestOfThePlanNotThePlan() {
        CreateRequest request = new CreateRequest("web1", 512);
        engine().run(Action.builder("create", "vm:web1").request(request).step(undoable("one")).build());
        engine().run(Action.builder("plain", "vm:web2").step(undoable("two")).build());

        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).isSameAs(request);
        assertThat(requests.get(1)).isEqualTo("no request"); // a plan without a request gives null
        assertThat(sequence).contains("J actionStarted create vm:web1", "J actionStarted plain vm:web2");
    }

    @Test
    void progressFromAnotherThreadNamesTheStepOfTheContextItWasGiven() throws Exception {
        AtomicReference<CommandContext> kept = new AtomicReference<>();
        Command<String> migrate = Command.named("migrate", ctx -> {
            kept.set(ctx);
            Thread poller = new Thread(() -> ctx.progress(0.5, "half"), "progress-poller");
            poller.start();
            poller.join();
            return "migrated";
        });
        engine().run(Action.builder("migrate", "vm:a").step(migrate).step(undoable("after")).build());
        // A late report, after the run moved on to other steps and finished, still names its step.
        kept.get().progress(1.0, "late");

        assertThat(sequence).filteredOn(s -> s.startsWith("E Progress"))
                .containsExactly("E Progress migrate half", "E Progress migrate late");
        assertThat(kept.get()).isNotInstanceOf(ActionHandle.class); // commands do not see the run
    }
}
