package org.iaasengine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.iaasengine.core.spi.Journal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The step that failed is undone too when its command says how ({@link Command#revertFailed}): a
 * call whose reply was lost after the hypervisor acted leaves an effect that no later revert
 * would see. It runs first, with the revert retry, the revert events and the journal records, and
 * its failure is reported as the step's failed revert.
 */
class RevertFailedStepTest {
    private final Recorder rec = new Recorder();
    private final List<String> journal = new CopyOnWriteArrayList<>();
    private final List<Engine> engines = new ArrayList<>();

    private Engine engine() {
        Engine e = Engine.builder().workers(1).listener(rec).journal(new Journal() {
            @Override
            public void stepReverted(String actionId, int index, String step, boolean ok) {
                journal.add(index + ":" + step + " " + ok);
            }
        }).build();
        engines.add(e);
        return e;
    }

    @AfterEach
    void closeEngines() {
        engines.forEach(e -> e.close(Duration.ofSeconds(5)));
    }

    /** Makes a thing, then loses the reply; its revertFailed removes the thing if it is there. */
    private final class LostReply implements Command<String> {
        final List<String> things;
        final AtomicInteger cleanupFailuresLeft;

        LostReply(List<String> things, int cleanupFailures) {
            this.things = things;
            this.cleanupFailuresLeft = new AtomicInteger(cleanupFailures);
        }

        @Override
        public String execute(CommandContext ctx) {
            things.add("made");
            throw new CommandException(FailureCategory.TIMEOUT, "reply lost");
        }

        @Override
        public void revertFailed(CommandContext ctx, Throwable failure) {
            rec.log.add("undo-failed:" + failure.getMessage());
            if (cleanupFailuresLeft.getAndDecrement() > 0) {
                throw new CommandException(FailureCategory.TRANSIENT, "daemon busy");
            }
            things.remove("made");
        }

        @Override
        public String name() {
            return "lost-reply";
        }
    }

    @Test
    void theFailedStepIsUndoneBeforeTheStepsBeforeIt() {
        List<String> things = new CopyOnWriteArrayList<>();
        Action<Object> a = Action.builder("a", "vm:a").step(rec.cmd("one")).step(new LostReply(things, 0)).build();

        assertThatThrownBy(() -> engine().run(a)).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.failedStep()).isEqualTo("lost-reply");
            assertThat(e.reverted()).containsExactly("lost-reply", "one");
            assertThat(e.fullyReverted()).isTrue();
        });
        assertThat(things).isEmpty();
        assertThat(rec.log).containsExactly("do:one", "undo-failed:reply lost", "undo:one");
        assertThat(rec.revertEvents()).containsExactly("reverting lost-reply", "reverted lost-reply", "reverting one",
                "reverted one");
        assertThat(journal).containsExactly("1:lost-reply true", "0:one true");
    }

    @Test
    void itIsRetriedPerTheRevertRetryAndReportedWhenItFailsForGood() {
        Retry twice = Retry.builder().maxAttempts(2).fixedDelay(Duration.ofMillis(1)).jitter(0).build();
        List<String> retried = new CopyOnWriteArrayList<>();
        Action<Object> once = Action.builder("a", "vm:a").revertRetry(twice).step(new LostReply(retried, 1)).build();
        assertThatThrownBy(() -> engine().run(once)).isInstanceOfSatisfying(ActionFailedException.class,
                e -> assertThat(e.reverted()).containsExactly("lost-reply"));
        assertThat(retried).isEmpty();

        List<String> stuck = new CopyOnWriteArrayList<>();
        Action<Object> never = Action.builder("b", "vm:b").revertRetry(twice).step(rec.cmd("one"))
                .step(new LostReply(stuck, 5)).build();
        assertThatThrownBy(() -> engine().run(never)).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.reverted()).containsExactly("one");
            assertThat(e.revertFailures()).extracting(RevertFailure::step).containsExactly("lost-reply");
            assertThat(e.fullyReverted()).isFalse();
        });
        assertThat(stuck).containsExactly("made");
    }

    @Test
    void aCommandWithoutOneGetsNoRevertForItsFailure() {
        Action<Object> a = Action.builder("a", "vm:a").step(rec.cmd("one"))
                .step(rec.failing("plain", FailureCategory.INTERNAL)).build();

        assertThatThrownBy(() -> engine().run(a)).isInstanceOfSatisfying(ActionFailedException.class,
                e -> assertThat(e.reverted()).containsExactly("one"));
        assertThat(rec.revertEvents()).containsExactly("reverting one", "reverted one");
    }

    @Test
    void namedKeepsIt() {
        List<String> things = new CopyOnWriteArrayList<>();
        Action<Object> a = Action.builder("a", "vm:a").step(Command.named("named", new LostReply(things, 0))).build();

        assertThatThrownBy(() -> engine().run(a)).isInstanceOfSatisfying(ActionFailedException.class,
                e -> assertThat(e.reverted()).containsExactly("named"));
        assertThat(things).isEmpty();
    }

    @Test
    void anActionThatHaltsItsRevertOnAFailureLeavesTheEarlierStepsAsTheyAre() {
        List<String> stuck = new CopyOnWriteArrayList<>();
        Action<Object> halting = Action.builder("a", "vm:a").haltRevertOnFailure().step(rec.cmd("one"))
                .step(rec.cmd("two")).step(new LostReply(stuck, 1)).build();
        assertThatThrownBy(() -> engine().run(halting)).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.reverted()).isEmpty();
            assertThat(e.revertFailures()).extracting(RevertFailure::step).containsExactly("lost-reply");
            assertThat(e.notReverted()).containsExactly("two", "one");
            assertThat(e.getMessage()).contains("not reverted after that failure [two, one]");
        });
        assertThat(rec.log).containsExactly("do:one", "do:two", "undo-failed:reply lost");

        rec.log.clear();
        Action<Object> plain = Action.builder("b", "vm:b").step(rec.cmd("one")).step(new LostReply(stuck, 1))
                .build();
        assertThatThrownBy(() -> engine().run(plain)).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.reverted()).containsExactly("one");
            assertThat(e.notReverted()).isEmpty();
        });
    }
}
