package org.iaasengine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.iaasengine.core.spi.Journal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the engine runs a step, check or revert that has a {@link Retry}: the first attempt directly
 * on the run's thread, the others after scheduled waits, with the counts, waits, events, time cap
 * and stops of the policy.
 */
class EngineRetryTest {
    private static final Key<String> RESULT = Key.of("result", String.class);

    private final Recorder rec = new Recorder();
    private final ManualScheduler clock = new ManualScheduler();
    private final List<Engine> engines = new ArrayList<>();

    private Engine engine(int workers) {
        return engine(Engine.builder().workers(workers).scheduler(clock).listener(rec));
    }

    /** An engine on the real timer, for retries whose waits of a millisecond need no clock moved. */
    private Engine realTimeEngine() {
        return engine(Engine.builder().workers(1).listener(rec).defaultActionTimeout(Duration.ofSeconds(10)));
    }

    private Engine engine(Engine.Builder builder) {
        Engine e = builder.build();
        engines.add(e);
        return e;
    }

    @AfterEach
    void closeEngines() {
        engines.forEach(e -> e.close(Duration.ofSeconds(5)));
    }

    /** Fails with {@code category} on the attempts before {@code succeedOn}, then returns "ok". */
    private static Command<String> failsUntil(int succeedOn, FailureCategory category, AtomicInteger calls,
            List<Thread> threads) {
        return Command.named("flaky", ctx -> {
            threads.add(Thread.currentThread());
            if (calls.incrementAndGet() < succeedOn) {
                throw new CommandException(category, "attempt " + ctx.attempt() + " failed");
            }
            return "ok";
        });
    }

    private static Retry.Builder retry(int attempts, Duration delay) {
        return Retry.builder().maxAttempts(attempts).fixedDelay(delay).jitter(0);
    }

    /**
     * Runs {@code action} with {@link Engine#run} on a new thread named "caller" (so that a wrong
     * wait fails the test instead of hanging it); completes with its outcome, or times out after 5 s.
     */
    private static <R> CompletableFuture<R> runOnCaller(Engine engine, Action<R> action) {
        CompletableFuture<R> outcome = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                outcome.complete(engine.run(action));
            } catch (Throwable t) {
                outcome.completeExceptionally(t);
            }
        }, "caller");
        caller.setDaemon(true);
        caller.start();
        return outcome.orTimeout(5, TimeUnit.SECONDS);
    }

    /** The retry waits asked for (the action's deadline of 30 minutes left out). */
    private List<Duration> retryWaits() {
        return clock.delays().stream().filter(d -> d.compareTo(Duration.ofMinutes(1)) < 0).toList();
    }

    @Test
    void aStepWithARetryThatSucceedsAtOnceRunsOnceOnTheCallersThreadWithoutAWait() throws Exception {
        Engine engine = engine(1);
        List<Thread> threads = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        Action<String> a = Action.<String>builder("a", "vm:a")
                .step(Step.of(RESULT, failsUntil(1, FailureCategory.TRANSIENT, calls, threads))
                        .withRetry(retry(3, Duration.ofSeconds(1)).build()))
                .resultFrom(RESULT).build();

        assertThat(runOnCaller(engine, a).get()).isEqualTo("ok");

        assertThat(calls.get()).isEqualTo(1);
        assertThat(threads).extracting(Thread::getName).containsExactly("caller");
        assertThat(retryWaits()).isEmpty();
        assertThat(rec.events(EngineEvent.Retrying.class)).isEmpty();
        assertThat(rec.events(EngineEvent.CommandStarted.class)).extracting(EngineEvent.CommandStarted::attempt)
                .containsExactly(1);
    }

    @Test
    void theFirstAttemptRunsOnTheCallersThreadAndTheRetriesOnAWorkerAfterTheirWaits() throws Exception {
        Engine engine = engine(1);
        List<Thread> threads = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        Action<String> a = Action.<String>builder("a", "vm:a")
                .step(Step.of(RESULT, failsUntil(3, FailureCategory.TRANSIENT, calls, threads)))
                .retry(Retry.builder().maxAttempts(3).backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).jitter(0)
                        .build())
                .resultFrom(RESULT).build();
        CompletableFuture<String> result = runOnCaller(engine, a);

        awaitCalls(calls, 1);
        awaitPending(2); // the deadline and the first retry wait
        clock.advance(Duration.ofMillis(100));
        awaitCalls(calls, 2);
        awaitPending(2);
        clock.advance(Duration.ofMillis(200));

        assertThat(result.get()).isEqualTo("ok");
        assertThat(threads.get(0).getName()).isEqualTo("caller");
        assertThat(threads.subList(1, 3)).allSatisfy(t -> assertThat(t.getName()).contains("worker"));
        assertThat(retryWaits()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(rec.events).extracting(e -> e.getClass().getSimpleName()).containsExactly("ActionStarted",
                "CommandStarted", "CommandFailed", "Retrying", "CommandStarted", "CommandFailed", "Retrying",
                "CommandStarted", "CommandSucceeded", "ActionSucceeded");
        assertThat(rec.events(EngineEvent.CommandStarted.class)).extracting(EngineEvent.CommandStarted::attempt)
                .containsExactly(1, 2, 3);
        assertThat(rec.events(EngineEvent.Retrying.class)).satisfiesExactly(
                r -> {
                    assertThat(r.step()).isEqualTo("flaky");
                    assertThat(r.failedAttempt()).isEqualTo(1);
                    assertThat(r.delay()).isEqualTo(Duration.ofMillis(100));
                    assertThat(r.category()).isEqualTo(FailureCategory.TRANSIENT);
                },
                r -> {
                    assertThat(r.failedAttempt()).isEqualTo(2);
                    assertThat(r.delay()).isEqualTo(Duration.ofMillis(200));
                });
    }

    @Test
    void maxAttemptsCountsTheFirstAttemptAndTheLastFailureEndsTheAction() throws Exception {
        Engine engine = engine(1);
        AtomicInteger calls = new AtomicInteger();
        ActionHandle<String> h = engine.submit(Action.<String>builder("a", "vm:a").step(rec.cmd("one"))
                .step(Step.of(RESULT, failsUntil(99, FailureCategory.TRANSIENT, calls, new CopyOnWriteArrayList<>())))
                .retry(retry(3, Duration.ofSeconds(1)).build())
                .resultFrom(RESULT).build());
        for (int n = 1; n <= 2; n++) {
            awaitCalls(calls, n);
            awaitPending(2);
            clock.advance(Duration.ofSeconds(1));
        }

        assertThatThrownBy(() -> h.future().get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.TRANSIENT);
                    assertThat(e.getCause()).hasMessage("attempt 3 failed");
                    assertThat(e.reverted()).containsExactly("one");
                });
        assertThat(calls.get()).isEqualTo(3);
        assertThat(retryWaits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(rec.events(EngineEvent.Retrying.class)).extracting(EngineEvent.Retrying::failedAttempt)
                .containsExactly(1, 2);
        assertThat(clock.pending()).isZero();
    }

    @Test
    void aFailureOfACategoryNotRetriedEndsTheRetriesAtOnce() {
        Engine engine = realTimeEngine();
        AtomicInteger calls = new AtomicInteger();
        Command<String> worse = Command.named("worse", ctx -> {
            throw calls.incrementAndGet() == 1 ? new CommandException(FailureCategory.TRANSIENT, "busy")
                    : CommandException.invalid("bad disk size");
        });
        Action<Object> a = Action.builder("a", "vm:a").step(worse).retry(retry(5, Duration.ofMillis(1)).build())
                .build();

        assertThatThrownBy(() -> engine.run(a)).isInstanceOfSatisfying(ActionFailedException.class,
                e -> assertThat(e.category()).isEqualTo(FailureCategory.INVALID_INPUT));
        assertThat(calls.get()).isEqualTo(2);
        assertThat(rec.events(EngineEvent.Retrying.class)).hasSize(1);
    }

    @Test
    void retriesWithoutAWaitRunAtOnceOnTheSameThread() throws Exception {
        // A zero delay is a valid Retry (backoff from zero); Failsafe, used before, refused to build it.
        Engine engine = engine(1);
        List<Thread> threads = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        Action<String> a = Action.<String>builder("a", "vm:a")
                .step(Step.of(RESULT, failsUntil(3, FailureCategory.TRANSIENT, calls, threads))
                        .withRetry(retry(3, Duration.ZERO).build()))
                .resultFrom(RESULT).build();

        assertThat(runOnCaller(engine, a).get()).isEqualTo("ok");

        assertThat(threads).extracting(Thread::getName).containsExactly("caller", "caller", "caller");
        assertThat(retryWaits()).isEmpty();
        assertThat(rec.events(EngineEvent.Retrying.class)).extracting(EngineEvent.Retrying::delay)
                .containsExactly(Duration.ZERO, Duration.ZERO);
    }

    @Test
    void maxDurationCountsFromTheStartOfTheFirstAttempt() throws Exception {
        Engine engine = engine(1);
        AtomicInteger calls = new AtomicInteger();
        Command<String> slowThenBusy = Command.named("slow", ctx -> {
            calls.incrementAndGet();
            spin(Duration.ofMillis(300));
            throw new CommandException(FailureCategory.TRANSIENT, "busy");
        });
        Action<Object> a = Action.builder("a", "vm:a").step(slowThenBusy)
                .retry(retry(5, Duration.ofMillis(10)).maxDuration(Duration.ofMillis(200)).build()).build();

        assertThatThrownBy(() -> runOnCaller(engine, a).get()).cause().isInstanceOfSatisfying(
                ActionFailedException.class, e -> assertThat(e.category()).isEqualTo(FailureCategory.TRANSIENT));
        assertThat(calls.get()).isEqualTo(1);
        assertThat(rec.events(EngineEvent.Retrying.class)).isEmpty();
        assertThat(retryWaits()).isEmpty();
    }

    @Test
    void aRetryWaitIsCutToWhatIsLeftOfTheMaxDurationAfterTheFirstAttempt() throws Exception {
        Engine engine = engine(1);
        AtomicInteger calls = new AtomicInteger();
        Command<String> slowOnce = Command.named("slow", ctx -> {
            if (calls.incrementAndGet() == 1) {
                spin(Duration.ofMillis(200));
                throw new CommandException(FailureCategory.TRANSIENT, "busy");
            }
            return "ok";
        });
        ActionHandle<String> h = engine.submit(Action.<String>builder("a", "vm:a").step(RESULT, slowOnce)
                .retry(retry(3, Duration.ofMillis(4900)).maxDuration(Duration.ofSeconds(5)).build())
                .resultFrom(RESULT).build());
        awaitCalls(calls, 1);
        awaitPending(2);

        // 5 s from the first attempt's start, of which it used 200 ms or more.
        Duration wait = retryWaits().get(0);
        assertThat(wait).isLessThanOrEqualTo(Duration.ofMillis(4800)).isPositive();
        assertThat(rec.events(EngineEvent.Retrying.class)).singleElement()
                .satisfies(r -> assertThat(r.delay()).isEqualTo(wait));
        clock.advance(wait);
        assertThat(h.future().get(5, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void jitterSpreadsAWaitByUpToItsFractionEitherWay() throws Exception {
        Engine engine = engine(1);
        AtomicInteger calls = new AtomicInteger();
        ActionHandle<String> h = engine.submit(Action.<String>builder("a", "vm:a")
                .step(Step.of(RESULT, failsUntil(2, FailureCategory.TRANSIENT, calls, new CopyOnWriteArrayList<>())))
                .retry(Retry.builder().maxAttempts(2).fixedDelay(Duration.ofSeconds(1)).jitter(0.5).build())
                .resultFrom(RESULT).build());
        awaitCalls(calls, 1);
        awaitPending(2);

        assertThat(retryWaits()).singleElement().satisfies(d -> assertThat(d)
                .isBetween(Duration.ofMillis(500), Duration.ofMillis(1500)));
        clock.advance(Duration.ofMillis(1500));
        assertThat(h.future().get(5, TimeUnit.SECONDS)).isEqualTo("ok");
    }

    @Test
    void aTimedOutFirstAttemptIsRetriedWhenTimeoutsAreRetryable() throws Exception {
        Engine engine = engine(2);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        Command<String> hangsOnce = Command.named("hangs", ctx -> {
            if (calls.incrementAndGet() == 1) {
                started.countDown();
                Thread.sleep(60_000); // interrupted by the step timeout
            }
            return "ok";
        });
        ActionHandle<String> h = engine.submit(Action.<String>builder("a", "vm:a")
                .step(Step.of(RESULT, hangsOnce).withTimeout(Duration.ofSeconds(5))
                        .withRetry(retry(2, Duration.ofSeconds(1)).retryOn(FailureCategory.TIMEOUT).build()))
                .resultFrom(RESULT).build());
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        clock.advance(Duration.ofSeconds(5));
        awaitPending(2); // the deadline and the retry wait
        clock.advance(Duration.ofSeconds(1));

        assertThat(h.future().get(5, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(rec.events(EngineEvent.CommandFailed.class)).singleElement().satisfies(f -> {
            assertThat(f.attempt()).isEqualTo(1);
            assertThat(f.category()).isEqualTo(FailureCategory.TIMEOUT);
        });
        assertThat(rec.events(EngineEvent.Retrying.class)).extracting(EngineEvent.Retrying::category)
                .containsExactly(FailureCategory.TIMEOUT);
    }

    /** Fails TRANSIENT on its first call; on the next it signals {@code retryStarted} and hangs until interrupted. */
    private static Command<String> busyThenHangs(AtomicInteger calls, CountDownLatch retryStarted) {
        return Command.named("busy", ctx -> {
            if (calls.incrementAndGet() == 1) {
                throw new CommandException(FailureCategory.TRANSIENT, "busy");
            }
            retryStarted.countDown();
            Thread.sleep(60_000); // until the deadline or a cancel interrupts it
            return "never";
        });
    }

    @Test
    void passingTheDeadlineDuringARetriedAttemptInterruptsItAndReverts() throws Exception {
        Engine engine = engine(2);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch retryStarted = new CountDownLatch(1);
        Command<String> busyThenHangs = busyThenHangs(calls, retryStarted);
        ActionHandle<Object> h = engine.submit(Action.builder("a", "vm:a").timeout(Duration.ofSeconds(30))
                .step(rec.cmd("one")).step(busyThenHangs)
                .retry(retry(5, Duration.ofSeconds(1)).build()).build());
        awaitCalls(calls, 1);
        awaitPending(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(retryStarted.await(5, TimeUnit.SECONDS)).isTrue();
        clock.advance(Duration.ofSeconds(29));

        assertThatThrownBy(() -> h.future().get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.TIMEOUT);
                    assertThat(e.failedStep()).isEqualTo("busy");
                    assertThat(e.reverted()).containsExactly("one");
                });
        clock.advance(Duration.ofMinutes(1));
        assertThat(calls.get()).isEqualTo(2);
        assertThat(rec.log).containsExactly("do:one", "undo:one");
    }

    @Test
    void cancellingARetriedAttemptInterruptsItAndRevertsWithoutAnotherAttempt() throws Exception {
        Engine engine = engine(2);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch retryStarted = new CountDownLatch(1);
        Command<String> busyThenHangs = busyThenHangs(calls, retryStarted);
        ActionHandle<Object> h = engine.submit(Action.builder("a", "vm:a").step(rec.cmd("one")).step(busyThenHangs)
                .retry(retry(5, Duration.ofSeconds(1)).build()).build());
        awaitCalls(calls, 1);
        awaitPending(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(retryStarted.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(h.cancel()).isTrue();
        assertThatThrownBy(() -> h.future().get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.CANCELLED);
                    assertThat(e.reverted()).containsExactly("one");
                });
        clock.advance(Duration.ofMinutes(1));
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void cancellingDuringARetryWaitCancelsTheWait() throws Exception {
        Engine engine = engine(1);
        AtomicInteger calls = new AtomicInteger();
        ActionHandle<String> h = engine.submit(Action.<String>builder("a", "vm:a")
                .step(Step.of(RESULT, failsUntil(99, FailureCategory.TRANSIENT, calls, new CopyOnWriteArrayList<>())))
                .retry(retry(5, Duration.ofSeconds(10)).build())
                .resultFrom(RESULT).build());
        awaitCalls(calls, 1);
        awaitPending(2); // the deadline and the retry wait

        h.cancel();

        assertThatThrownBy(() -> h.future().get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.CANCELLED));
        assertThat(clock.pending()).isZero();
    }

    @Test
    void aStopDuringTheFirstAttemptIsNotRetriedEvenWhenItsCategoryIs() throws Exception {
        Engine engine = engine(2);
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        Command<String> hang = Command.named("hang", ctx -> {
            calls.incrementAndGet();
            started.countDown();
            Thread.sleep(60_000); // interrupted by the deadline
            return "never";
        });
        ActionHandle<Object> h = engine.submit(Action.builder("a", "vm:a").timeout(Duration.ofSeconds(30))
                .step(hang)
                .retry(retry(3, Duration.ofSeconds(1)).retryOn(FailureCategory.TIMEOUT).build()).build());
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        clock.advance(Duration.ofSeconds(30));

        assertThatThrownBy(() -> h.future().get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.TIMEOUT));
        assertThat(calls.get()).isEqualTo(1);
        assertThat(rec.events(EngineEvent.Retrying.class)).isEmpty();
        assertThat(clock.delays()).containsExactly(Duration.ofSeconds(30)); // the deadline alone
    }

    @Test
    void revertRetriesWaitBetweenAttemptsAndGoOnAfterACancel() throws Exception {
        Engine engine = engine(2);
        AtomicInteger reverts = new AtomicInteger();
        Command<String> sticky = new Command<>() {
            @Override
            public String execute(CommandContext ctx) {
                return "disk";
            }

            @Override
            public void revert(CommandContext ctx, String result) {
                if (reverts.incrementAndGet() < 3) {
                    throw new CommandException(FailureCategory.TRANSIENT, "disk busy");
                }
            }

            @Override
            public String name() {
                return "sticky";
            }
        };
        CountDownLatch hanging = new CountDownLatch(1);
        Command<String> hang = Command.named("hang", ctx -> {
            hanging.countDown();
            Thread.sleep(60_000); // interrupted by the cancel
            return "never";
        });
        ActionHandle<Object> h = engine.submit(Action.builder("a", "vm:a").step(sticky).step(hang)
                .revertRetry(retry(3, Duration.ofSeconds(2)).build()).build());
        assertThat(hanging.await(5, TimeUnit.SECONDS)).isTrue();
        h.cancel();
        for (int n = 1; n <= 2; n++) {
            awaitCalls(reverts, n);
            awaitPending(2); // the deadline and the revert's retry wait
            clock.advance(Duration.ofSeconds(2));
        }

        assertThatThrownBy(() -> h.future().get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.CANCELLED);
                    assertThat(e.reverted()).containsExactly("sticky");
                    assertThat(e.fullyReverted()).isTrue();
                });
        assertThat(reverts.get()).isEqualTo(3);
        assertThat(retryWaits()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(rec.events(EngineEvent.Retrying.class)).extracting(EngineEvent.Retrying::step,
                EngineEvent.Retrying::failedAttempt).containsExactly(tuple("sticky", 1), tuple("sticky", 2));
    }

    @Test
    void aCheckThatNeverHoldsIsTriedMaxAttemptsTimesThenFailsAsConflict() {
        Engine engine = realTimeEngine();
        AtomicInteger checks = new AtomicInteger();
        Action<Object> a = Action.builder("a", "vm:a").step(rec.cmd("one"))
                .verify(Verification.that("gone", ctx -> checks.incrementAndGet() < 0)
                        .withRetry(retry(3, Duration.ofMillis(1)).build()))
                .build();

        assertThatThrownBy(() -> engine.run(a)).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT);
            assertThat(e.failedStep()).isEqualTo("verify:gone");
        });
        assertThat(checks.get()).isEqualTo(3);
        assertThat(rec.events(EngineEvent.Retrying.class)).allSatisfy(r -> {
            assertThat(r.step()).isEqualTo("verify:gone");
            assertThat(r.category()).isEqualTo(FailureCategory.INTERNAL);
        }).extracting(EngineEvent.Retrying::failedAttempt).containsExactly(1, 2);
    }

    @Test
    void theJournalSeesARetriedStepOnceWhenItSucceedsAndOnceWhenItIsReverted() {
        List<String> journal = new CopyOnWriteArrayList<>();
        Engine engine = engine(Engine.builder().workers(1).journal(new Journal() {
            @Override
            public void actionStarted(String actionId, String actionName, String resourceKey, Object request) {
                journal.add("started");
            }

            @Override
            public void stepSucceeded(String actionId, int index, String step, Object result) {
                journal.add("succeeded " + index + " " + step + " " + result);
            }

            @Override
            public void stepReverted(String actionId, int index, String step, boolean ok) {
                journal.add("reverted " + index + " " + step + " " + ok);
            }

            @Override
            public void actionFinished(String actionId, boolean succeeded) {
                journal.add("finished " + succeeded);
            }
        }));
        AtomicInteger calls = new AtomicInteger();
        Command<String> flaky = failsUntil(2, FailureCategory.TRANSIENT, calls, new CopyOnWriteArrayList<>());
        // A revert of its own: a step without one has nothing to undo, so it is never journalled as reverted.
        Command<String> undoable = new Command<>() {
            @Override
            public String execute(CommandContext ctx) throws Exception {
                return flaky.execute(ctx);
            }

            @Override
            public void revert(CommandContext ctx, String result) {
                // undone
            }

            @Override
            public String name() {
                return flaky.name();
            }
        };
        Action<Object> a = Action.builder("a", "vm:a")
                .step(Step.of(RESULT, undoable))
                .step(rec.failing("define", FailureCategory.CONFLICT))
                .retry(retry(3, Duration.ofMillis(1)).build()).build();

        assertThatThrownBy(() -> engine.run(a)).isInstanceOf(ActionFailedException.class);

        assertThat(journal).containsExactly("started", "succeeded 0 flaky ok", "reverted 0 flaky true",
                "finished false");
    }

    private static void spin(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private void awaitPending(int n) {
        poll(() -> clock.pending() >= n);
        assertThat(clock.pending()).isGreaterThanOrEqualTo(n);
    }

    private static void awaitCalls(AtomicInteger calls, int n) {
        poll(() -> calls.get() >= n);
        assertThat(calls.get()).isEqualTo(n);
    }

    private static void poll(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
