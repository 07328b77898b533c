package org.iaasengine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The future of a submitted action: cancelling it (or completing it with a cancellation) cancels the run. */
class RunFutureTest {
    private final Recorder rec = new Recorder();
    private final List<Engine> engines = new ArrayList<>();

    private Engine engine() {
        Engine e = Engine.builder().workers(2).build();
        engines.add(e);
        return e;
    }

    @AfterEach
    void closeEngines() {
        engines.forEach(e -> e.close(Duration.ofSeconds(5)));
    }

    /** Runs "one", then hangs until interrupted; the revert of "one" counts down {@code reverted}. */
    private Action<Object> oneThenHang(CountDownLatch hanging, CountDownLatch reverted) {
        Command<String> one = new Command<>() {
            @Override
            public String execute(CommandContext ctx) {
                rec.log.add("do:one");
                return "one";
            }

            @Override
            public void revert(CommandContext ctx, String result) {
                rec.log.add("undo:one");
                reverted.countDown();
            }
        };
        Command<String> hang = ctx -> {
            hanging.countDown();
            new CountDownLatch(1).await(); // until the cancel interrupts it
            return "never";
        };
        return Action.builder("hang", "vm:f").step(one).step(hang).build();
    }

    private void cancelThroughTheFuture(Consumer<ActionHandle<Object>> cancel) throws Exception {
        Engine engine = engine();
        CountDownLatch hanging = new CountDownLatch(1);
        CountDownLatch reverted = new CountDownLatch(1);
        ActionHandle<Object> h = engine.submit(oneThenHang(hanging, reverted));
        assertThat(hanging.await(5, TimeUnit.SECONDS)).isTrue();

        cancel.accept(h);

        assertThat(reverted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(h::join).isInstanceOf(CancellationException.class);
        // The lane goes on: the next action on the key runs once the cancelled one has reverted.
        Key<String> r = Key.of("r", String.class);
        assertThat(engine.run(Action.<String>builder("next", "vm:f").step(r, rec.cmd("next")).resultFrom(r).build()))
                .isEqualTo("next");
        assertThat(rec.log).containsExactly("do:one", "undo:one", "do:next");
    }

    @Test
    void cancellingTheFutureCancelsTheRunningActionWhichRevertsWhatRan() throws Exception {
        cancelThroughTheFuture(h -> assertThat(h.future().cancel(true)).isTrue());
    }

    @Test
    void completingTheFutureWithACancellationCancelsTheRunningAction() throws Exception {
        cancelThroughTheFuture(h -> assertThat(h.future().completeExceptionally(new CancellationException())).isTrue());
    }

    @Test
    void cancellingTheFutureOfAQueuedActionMeansItNeverStarts() throws Exception {
        Engine engine = engine();
        CountDownLatch hanging = new CountDownLatch(1);
        CountDownLatch reverted = new CountDownLatch(1);
        ActionHandle<Object> first = engine.submit(oneThenHang(hanging, reverted));
        assertThat(hanging.await(5, TimeUnit.SECONDS)).isTrue();
        ActionHandle<Object> queued = engine.submit(Action.builder("queued", "vm:f").step(rec.cmd("queued")).build());

        assertThat(queued.future().cancel(false)).isTrue();
        assertThat(engine.active()).extracting(ActionHandle::id).containsExactly(first.id());
        first.cancel();

        assertThatThrownBy(first::join).isInstanceOf(ActionFailedException.class);
        assertThat(reverted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(engine.run(Action.builder("after", "vm:f").step(rec.cmd("after")).build())).isNull();
        assertThat(rec.log).containsExactly("do:one", "undo:one", "do:after");
    }

    @Test
    void cancellingTheFutureOfAFinishedActionChangesNothing() {
        Engine engine = engine();
        ActionHandle<Object> h = engine.submit(Action.builder("done", "vm:f").step(rec.cmd("one")).build());
        h.join();

        assertThat(h.future().cancel(true)).isFalse();
        assertThat(h.future().completeExceptionally(new CancellationException())).isFalse();

        assertThat(h.future()).isCompleted();
        assertThat(h.cancel()).isFalse();
        assertThat(rec.log).containsExactly("do:one");
    }
}
