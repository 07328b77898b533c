package org.iaasengine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iaasengine.core.spi.Journal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Only steps whose revert undid something are reported as reverted: a command without a revert,
 * or whose result says execute changed nothing ({@link Command#needsRevert}), is skipped on revert
 * (no revert call, no revert events, no journal record, not in {@link ActionFailedException#reverted()}).
 */
class RevertReportingTest {
    private final Recorder rec = new Recorder();
    private final List<String> journal = new CopyOnWriteArrayList<>();
    private final List<Engine> engines = new ArrayList<>();

    private Engine engine() {
        Engine e = Engine.builder().workers(1).listener(rec).journal(new Journal() {
            @Override
            public void stepReverted(String actionId, int index, String step, boolean ok) {
                journal.add(step + " " + ok);
            }
        }).build();
        engines.add(e);
        return e;
    }

    @AfterEach
    void closeEngines() {
        engines.forEach(e -> e.close(Duration.ofSeconds(5)));
    }

    /** A command without a revert of its own, as a class. */
    private static final class ReadOnly implements Command<String> {
        @Override
        public String execute(CommandContext ctx) {
            return "read";
        }
    }

    /** Starts something unless it already ran; reverts (stops) only what it started. */
    private final class StartIfStopped implements Command<Boolean> {
        private final String name;
        private final boolean wasRunning;

        StartIfStopped(String name, boolean wasRunning) {
            this.name = name;
            this.wasRunning = wasRunning;
        }

        @Override
        public Boolean execute(CommandContext ctx) {
            return !wasRunning;
        }

        @Override
        public void revert(CommandContext ctx, Boolean started) {
            rec.log.add("undo:" + name + " " + started);
        }

        @Override
        public boolean needsRevert(Boolean started) {
            return started;
        }

        @Override
        public String name() {
            return name;
        }
    }

    @Test
    void commandsWithoutARevertAreNeitherListedNorGetRevertEvents() {
        Command<String> anonymousWithoutRevert = new Command<>() {
            @Override
            public String execute(CommandContext ctx) {
                return "x";
            }

            @Override
            public String name() {
                return "anonymous";
            }
        };
        Action<Object> a = Action.builder("a", "vm:a")
                .step(rec.cmd("one"))
                .step(Command.named("lambda", ctx -> "l"))
                .step(new ReadOnly())
                .step(anonymousWithoutRevert)
                .step(rec.cmd("five"))
                .step(rec.failing("six", FailureCategory.CONFLICT))
                .build();

        assertThatThrownBy(() -> engine().run(a)).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.reverted()).containsExactly("five", "one");
            assertThat(e.fullyReverted()).isTrue();
            assertThat(e.getMessage()).contains("reverted [five, one]");
        });
        assertThat(rec.log).containsExactly("do:one", "do:five", "do:six", "undo:five", "undo:one");
        assertThat(rec.revertEvents()).containsExactly("reverting five", "reverted five", "reverting one",
                "reverted one");
        assertThat(journal).containsExactly("five true", "one true");
    }

    @Test
    void aResultThatLeftNothingToUndoIsNotRevertedNorListed() {
        Action<Object> a = Action.builder("a", "vm:a")
                .step(new StartIfStopped("was-stopped", false))
                .step(new StartIfStopped("was-running", true))
                .step(rec.failing("boom", FailureCategory.INTERNAL))
                .build();

        assertThatThrownBy(() -> engine().run(a)).isInstanceOfSatisfying(ActionFailedException.class,
                e -> assertThat(e.reverted()).containsExactly("was-stopped"));
        assertThat(rec.log).containsExactly("do:boom", "undo:was-stopped true");
        assertThat(rec.revertEvents()).containsExactly("reverting was-stopped", "reverted was-stopped");
        assertThat(journal).containsExactly("was-stopped true");
    }

    @Test
    void namedForwardsWhetherThereIsSomethingToUndo() {
        Action<Object> a = Action.builder("a", "vm:a")
                .step(Command.named("started", new StartIfStopped("x", false)))
                .step(Command.named("untouched", new StartIfStopped("y", true)))
                .step(Command.named("read", new ReadOnly()))
                .step(Command.named("failing", rec.failing("f", FailureCategory.INTERNAL)))
                .build();

        assertThatThrownBy(() -> engine().run(a)).isInstanceOfSatisfying(ActionFailedException.class,
                e -> assertThat(e.reverted()).containsExactly("started"));
        assertThat(rec.log).containsExactly("do:f", "undo:x true");
        assertThat(rec.revertEvents()).containsExactly("reverting started", "reverted started");
    }

    @Test
    void aRevertThatFailsIsStillReportedAsAFailureAndNotAsReverted() {
        Command<String> stubborn = new Command<>() {
            @Override
            public String execute(CommandContext ctx) {
                return "s";
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
        Action<Object> a = Action.builder("a", "vm:a").step(stubborn).step(new ReadOnly())
                .step(rec.failing("boom", FailureCategory.INTERNAL)).build();

        assertThatThrownBy(() -> engine().run(a)).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.reverted()).isEmpty();
            assertThat(e.revertFailures()).extracting(RevertFailure::step).containsExactly("stubborn");
        });
        assertThat(rec.revertEvents()).containsExactly("reverting stubborn", "revert failed stubborn");
        assertThat(journal).containsExactly("stubborn false");
    }

    @Test
    void aCommandThatCannotSayWhetherItNeedsARevertIsReverted() {
        Command<String> confused = new Command<>() {
            @Override
            public String execute(CommandContext ctx) {
                return "c";
            }

            @Override
            public void revert(CommandContext ctx, String result) {
                rec.log.add("undo:confused");
            }

            @Override
            public boolean needsRevert(String result) {
                throw new IllegalStateException("bug");
            }

            @Override
            public String name() {
                return "confused";
            }
        };
        Action<Object> a = Action.builder("a", "vm:a").step(confused)
                .step(rec.failing("boom", FailureCategory.INTERNAL)).build();

        assertThatThrownBy(() -> engine().run(a)).isInstanceOfSatisfying(ActionFailedException.class,
                e -> assertThat(e.reverted()).containsExactly("confused"));
        assertThat(rec.log).containsExactly("do:boom", "undo:confused");
    }

    @Test
    void aCancelledActionSkipsStepsWithNothingToUndoToo() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        Command<String> hang = ctx -> {
            started.countDown();
            Thread.sleep(60_000);
            return "never";
        };
        ActionHandle<Object> h = engine().submit(Action.builder("a", "vm:a").step(rec.cmd("one"))
                .step(Command.named("lookup", ctx -> "found")).step(Command.named("hang", hang)).build());
        assertThat(started.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        h.cancel();
        assertThatThrownBy(h::join).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.CANCELLED);
            assertThat(e.reverted()).containsExactly("one");
        });
        assertThat(rec.revertEvents()).containsExactly("reverting one", "reverted one");
    }

    // ------------------------------------------------------------------ the default of needsRevert

    private static class WithRevert implements Command<String> {
        @Override
        public String execute(CommandContext ctx) {
            return "w";
        }

        @Override
        public void revert(CommandContext ctx, String result) {
        }
    }

    private static final class InheritsRevert extends WithRevert {
    }

    private static final class Generic<T> implements Command<T> {
        @Override
        public T execute(CommandContext ctx) {
            return null;
        }

        @Override
        public void revert(CommandContext ctx, T result) {
        }
    }

    @Test
    void byDefaultACommandNeedsARevertExactlyWhenItHasOne() {
        Command<String> lambda = ctx -> "l";
        assertThat(lambda.needsRevert("l")).isFalse();
        assertThat(new ReadOnly().needsRevert("read")).isFalse();
        assertThat(Command.named("n", lambda).needsRevert("l")).isFalse();
        assertThat(new WithRevert().needsRevert("w")).isTrue();
        assertThat(new WithRevert().needsRevert(null)).isTrue();
        assertThat(new InheritsRevert().needsRevert("w")).isTrue();
        assertThat(new Generic<Integer>().needsRevert(1)).isTrue();
        assertThat(Command.named("n", new WithRevert()).needsRevert("w")).isTrue();
        assertThat(rec.cmd("one").needsRevert("one")).isTrue();
        assertThat(rec.failing("f", FailureCategory.INTERNAL).needsRevert(null)).isFalse();
    }
}
