package org.iaasengine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineTest {
    private final Recorder rec = new Recorder();
    private final ManualScheduler clock = new ManualScheduler();
    private final List<Engine> engines = new ArrayList<>();

    private Engine engine(int workers) {
        Engine e = Engine.builder().workers(workers).scheduler(clock).listener(rec).build();
        engines.add(e);
        return e;
    }

    @AfterEach
    void closeEngines() {
        engines.forEach(e -> e.close(Duration.ofSeconds(5)));
    }

    private static Command<String> blocking(String name, CountDownLatch started, CountDownLatch release,
            List<String> log) {
        return new Command<>() {
            @Override
            public String execute(CommandContext ctx) throws InterruptedException {
                log.add("start:" + name);
                started.countDown();
                if (!release.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
                log.add("end:" + name);
                return name;
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    @Test
    void laterStepsReadEarlierResultsByTypedKey() {
        Key<Integer> size = Key.of("size", Integer.class);
        Key<String> label = Key.of("label", String.class);
        Action<String> a = Action.<String>builder("label", "vm:a")
                .step(size, ctx -> 42)
                .step(label, ctx -> "size=" + (ctx.get(size) + 1))
                .resultFrom(label)
                .build();
        assertThat(engine(2).run(a)).isEqualTo("size=43");
    }

    @Test
    void actionsOnTheSameKeyRunOneAtATimeInSubmissionOrder() throws Exception {
        Engine engine = engine(4);
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        ActionHandle<Object> first = engine.submit(Action.builder("one", "vm:same")
                .step(blocking("one", firstStarted, releaseFirst, log)).build());
        assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
        List<ActionHandle<Object>> rest = new ArrayList<>();
        for (int i = 2; i <= 5; i++) {
            rest.add(engine.submit(Action.builder("n" + i, "vm:same").step(rec.cmd("n" + i)).build()));
        }
        // While the first runs, none of the others may have started.
        assertThat(rec.log).isEmpty();
        releaseFirst.countDown();
        first.join();
        rest.forEach(ActionHandle::join);
        assertThat(log).containsExactly("start:one", "end:one");
        assertThat(rec.log).containsExactly("do:n2", "do:n3", "do:n4", "do:n5");
    }

    @Test
    void actionsOnDifferentKeysRunInParallel() throws Exception {
        Engine engine = engine(2);
        CountDownLatch bothRunning = new CountDownLatch(2);
        Command<String> meet = ctx -> {
            bothRunning.countDown();
            // Returns only if the other action runs at the same time.
            if (!bothRunning.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not parallel");
            }
            return "met";
        };
        ActionHandle<String> a = engine.submit(Action.<String>builder("a", "vm:a").step(Key.of("r", String.class), meet)
                .result(r -> "a").build());
        ActionHandle<String> b = engine.submit(Action.<String>builder("b", "vm:b").step(Key.of("r", String.class), meet)
                .result(r -> "b").build());
        assertThat(a.join()).isEqualTo("a");
        assertThat(b.join()).isEqualTo("b");
    }

    @Test
    void transientFailuresAreRetriedWithScheduledExponentialBackoff() throws Exception {
        Engine engine = engine(1);
        AtomicInteger calls = new AtomicInteger();
        Command<String> flaky = ctx -> {
            if (calls.incrementAndGet() < 4) {
                throw new CommandException(FailureCategory.TRANSIENT, "busy");
            }
            return "ok after " + ctx.attempt();
        };
        Retry retry = Retry.builder().maxAttempts(5).backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).jitter(0)
                .build();
        Key<String> r = Key.of("r", String.class);
        ActionHandle<String> h = engine.submit(Action.<String>builder("flaky", "vm:a")
                .step(Step.of(r, flaky).withRetry(retry))
                .resultFrom(r).build());
        awaitCalls(calls, 1);
        awaitPending(2); // the action's deadline and the retry wait
        // The only worker is free while the retry waits: another action runs meanwhile.
        assertThat(engine.run(Action.<String>builder("other", "vm:b").step(rec.cmd("other")).build())).isNull();
        assertThat(rec.log).containsExactly("do:other");
        clock.advance(Duration.ofMillis(100));
        awaitCalls(calls, 2);
        awaitPending(2);
        clock.advance(Duration.ofMillis(200));
        awaitCalls(calls, 3);
        awaitPending(2);
        clock.advance(Duration.ofMillis(400));
        assertThat(h.future().get(5, TimeUnit.SECONDS)).isEqualTo("ok after 4");
        assertThat(calls.get()).isEqualTo(4);
        assertThat(clock.delays()).filteredOn(d -> d.toMillis() < 10_000)
                .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        List<EngineEvent.Retrying> retrying = rec.events(EngineEvent.Retrying.class);
        assertThat(retrying).extracting(EngineEvent.Retrying::failedAttempt).containsExactly(1, 2, 3);
        assertThat(retrying).extracting(EngineEvent.Retrying::category).containsOnly(FailureCategory.TRANSIENT);
    }

    @Test
    void retriedStepSeesItsAttemptNumber() {
        Engine engine = Engine.builder().workers(1).build();
        engines.add(engine);
        List<Integer> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
        Command<String> flaky = ctx -> {
            attempts.add(ctx.attempt());
            if (ctx.attempt() < 3) {
                throw new CommandException(FailureCategory.TRANSIENT, "busy");
            }
            return "done";
        };
        Key<String> k = Key.of("r", String.class);
        String r = engine.run(Action.<String>builder("x", "vm:a")
                .step(Step.of(k, flaky).withRetry(Retry.builder().maxAttempts(3).fixedDelay(Duration.ofMillis(1)).build()))
                .resultFrom(k).build());
        assertThat(r).isEqualTo("done");
        assertThat(attempts).containsExactly(1, 2, 3);
    }

    @Test
    void nonRetryableCategoriesFailAtOnce() {
        Engine engine = engine(1);
        AtomicInteger calls = new AtomicInteger();
        Command<String> bad = ctx -> {
            calls.incrementAndGet();
            throw CommandException.invalid("memory '-1' is negative");
        };
        Action<Object> a = Action.builder("bad", "vm:a").step(bad).retry(Retry.builder().maxAttempts(5).build()).build();
        assertThatThrownBy(() -> engine.run(a)).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.INVALID_INPUT);
            assertThat(e.getMessage()).contains("memory '-1' is negative");
        });
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void retriesStopAtMaxAttemptsAndTheActionFailsWithTheLastCause() throws Exception {
        Engine engine = Engine.builder().workers(1).build();
        engines.add(engine);
        AtomicInteger calls = new AtomicInteger();
        Command<String> busy = ctx -> {
            throw new CommandException(FailureCategory.TRANSIENT, "busy #" + calls.incrementAndGet());
        };
        Action<Object> a = Action.builder("busy", "vm:a").step(rec.cmd("first")).step(busy)
                .retry(Retry.builder().maxAttempts(3).fixedDelay(Duration.ofMillis(1)).build()).build();
        assertThatThrownBy(() -> engine.run(a)).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.TRANSIENT);
            assertThat(e.getCause()).hasMessage("busy #3");
            assertThat(e.reverted()).containsExactly("first");
        });
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void failureRevertsSucceededCommandsInReverseOrder() {
        Engine engine = engine(1);
        Action<Object> a = Action.builder("create", "vm:a")
                .step(rec.cmd("copy")).step(rec.cmd("xml")).step(rec.cmd("define"))
                .step(rec.failing("start", FailureCategory.CONFLICT)).step(rec.cmd("never"))
                .build();
        assertThatThrownBy(() -> engine.run(a)).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.failedStep()).isEqualTo("start");
            assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT);
            assertThat(e.reverted()).containsExactly("define", "xml", "copy");
            assertThat(e.fullyReverted()).isTrue();
        });
        assertThat(rec.log).containsExactly("do:copy", "do:xml", "do:define", "do:start", "undo:define", "undo:xml",
                "undo:copy");
    }

    @Test
    void aFailingRevertIsReportedAndTheOtherRevertsStillRun() {
        Engine engine = engine(1);
        Command<String> stubborn = new Command<>() {
            @Override
            public String execute(CommandContext ctx) {
                rec.log.add("do:stubborn");
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
        Action<Object> a = Action.builder("create", "vm:a").step(rec.cmd("one")).step(stubborn).step(rec.cmd("three"))
                .step(rec.failing("four", FailureCategory.INTERNAL)).build();
        assertThatThrownBy(() -> engine.run(a)).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.reverted()).containsExactly("three", "one");
            assertThat(e.revertFailures()).singleElement().satisfies(f -> {
                assertThat(f.step()).isEqualTo("stubborn");
                assertThat(f.cause()).hasMessage("disk busy");
            });
            assertThat(e.fullyReverted()).isFalse();
            assertThat(e.getMessage()).contains("revert failures").contains("disk busy");
        });
        assertThat(rec.log).containsExactly("do:one", "do:stubborn", "do:three", "do:four", "undo:three", "undo:one");
        assertThat(rec.events(EngineEvent.RevertFailed.class)).extracting(EngineEvent.RevertFailed::step)
                .containsExactly("stubborn");
    }

    @Test
    void revertRetryPolicyRetriesATransientRevert() {
        Engine engine = Engine.builder().workers(1).build();
        engines.add(engine);
        AtomicInteger reverts = new AtomicInteger();
        Command<String> sticky = new Command<>() {
            @Override
            public String execute(CommandContext ctx) {
                return "x";
            }

            @Override
            public void revert(CommandContext ctx, String result) {
                if (reverts.incrementAndGet() < 3) {
                    throw new CommandException(FailureCategory.TRANSIENT, "busy");
                }
            }
        };
        Action<Object> a = Action.builder("a", "vm:a").step(sticky).step(rec.failing("boom", FailureCategory.INTERNAL))
                .revertRetry(Retry.builder().maxAttempts(3).fixedDelay(Duration.ofMillis(1)).build()).build();
        assertThatThrownBy(() -> engine.run(a)).isInstanceOfSatisfying(ActionFailedException.class,
                e -> assertThat(e.fullyReverted()).isTrue());
        assertThat(reverts.get()).isEqualTo(3);
    }

    @Test
    void cancellingARunningActionInterruptsItAndRevertsWhatRan() throws Exception {
        Engine engine = engine(2);
        CountDownLatch started = new CountDownLatch(1);
        Command<String> hang = ctx -> {
            started.countDown();
            Thread.sleep(60_000); // interrupted by the cancel
            return "never";
        };
        ActionHandle<Object> h = engine.submit(Action.builder("a", "vm:a").step(rec.cmd("one")).step(hang)
                .step(rec.cmd("three")).build());
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(h.cancel()).isTrue();
        assertThatThrownBy(h::join).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.CANCELLED);
            assertThat(e.reverted()).containsExactly("one");
        });
        assertThat(rec.log).containsExactly("do:one", "undo:one");
    }

    @Test
    void cancellingDuringARetryWaitRevertsWithoutAnotherAttempt() throws Exception {
        Engine engine = engine(1);
        AtomicInteger calls = new AtomicInteger();
        Command<String> busy = ctx -> {
            calls.incrementAndGet();
            throw new CommandException(FailureCategory.TRANSIENT, "busy");
        };
        ActionHandle<Object> h = engine.submit(Action.builder("a", "vm:a").step(rec.cmd("one")).step(busy)
                .retry(Retry.builder().maxAttempts(5).fixedDelay(Duration.ofSeconds(10)).jitter(0).build()).build());
        awaitCalls(calls, 1);
        awaitPending(2); // the action's deadline and the retry wait
        h.cancel();
        assertThatThrownBy(h::join).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.CANCELLED);
            assertThat(e.reverted()).containsExactly("one");
        });
        clock.advance(Duration.ofMinutes(1));
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void aQueuedActionThatIsCancelledNeverStarts() throws Exception {
        Engine engine = engine(2);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ActionHandle<Object> first = engine.submit(Action.builder("first", "vm:a")
                .step(blocking("first", started, release, new ArrayList<>())).build());
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        ActionHandle<Object> queued = engine.submit(Action.builder("queued", "vm:a").step(rec.cmd("queued")).build());
        ActionHandle<Object> after = engine.submit(Action.builder("after", "vm:a").step(rec.cmd("after")).build());
        assertThat(queued.cancel()).isTrue();
        assertThatThrownBy(queued::join).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.failedStep()).isEqualTo("queued");
            assertThat(e.category()).isEqualTo(FailureCategory.CANCELLED);
        });
        release.countDown();
        first.join();
        after.join();
        assertThat(rec.log).containsExactly("do:after");
    }

    @Test
    void passingTheActionDeadlineRevertsWhatRan() throws Exception {
        Engine engine = engine(2);
        CountDownLatch started = new CountDownLatch(1);
        Command<String> slow = Command.named("slow", ctx -> {
            started.countDown();
            Thread.sleep(60_000);
            return "never";
        });
        ActionHandle<Object> h = engine.submit(Action.builder("slow", "vm:a").timeout(Duration.ofSeconds(30))
                .step(rec.cmd("one")).step(slow).build());
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        clock.advance(Duration.ofSeconds(30));
        assertThatThrownBy(h::join).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.TIMEOUT);
            assertThat(e.failedStep()).isEqualTo("slow");
            assertThat(e.getMessage()).contains("deadline");
            assertThat(e.reverted()).containsExactly("one");
        });
    }

    @Test
    void aCommandTimeoutInterruptsTheAttemptAndReverts() throws Exception {
        Engine engine = engine(2);
        CountDownLatch started = new CountDownLatch(1);
        Command<String> slow = ctx -> {
            started.countDown();
            Thread.sleep(60_000);
            return "never";
        };
        ActionHandle<Object> h = engine.submit(Action.builder("slow", "vm:a").step(rec.cmd("one"))
                .step(Step.of(Key.of("slow", String.class), slow).withTimeout(Duration.ofSeconds(5))).build());
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        clock.advance(Duration.ofSeconds(5));
        assertThatThrownBy(h::join).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.TIMEOUT);
            assertThat(e.reverted()).containsExactly("one");
        });
    }

    @Test
    void aCommandThatFinishesAfterItsTimeoutIsStillReverted() throws Exception {
        Engine engine = engine(2);
        CountDownLatch started = new CountDownLatch(1);
        Command<String> stubborn = new Command<>() {
            @Override
            public String execute(CommandContext ctx) {
                started.countDown();
                // Ignores the interrupt, like a native call would, and finishes late.
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                rec.log.add("do:late");
                return "late";
            }

            @Override
            public void revert(CommandContext ctx, String result) {
                rec.log.add("undo:" + result);
            }

            @Override
            public String name() {
                return "late";
            }
        };
        ActionHandle<Object> h = engine.submit(Action.builder("a", "vm:a")
                .step(Step.of(Key.of("late", String.class), stubborn).withTimeout(Duration.ofSeconds(1))).build());
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(h::join).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.TIMEOUT);
            assertThat(e.reverted()).containsExactly("late");
        });
        assertThat(rec.log).containsExactly("do:late", "undo:late");
    }

    @Test
    void aListenerThatThrowsDoesNotBreakTheEngineOrOtherListeners() {
        Engine engine = engine(1);
        engine.addListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        Recorder second = new Recorder();
        engine.addListener(second);
        Key<String> k = Key.of("k", String.class);
        assertThat(engine.run(Action.<String>builder("a", "vm:a").step(k, rec.cmd("one")).resultFrom(k).build()))
                .isEqualTo("one");
        assertThat(second.events(EngineEvent.ActionSucceeded.class)).hasSize(1);
    }

    @Test
    void eventsCarryTheCorrelationIdResourceKeyAndDurations() {
        Engine engine = engine(1);
        ActionHandle<Object> h = engine.submit(Action.builder("create", "vm:web1").step(rec.cmd("copy"))
                .step(rec.failing("define", FailureCategory.CONFLICT)).build());
        assertThatThrownBy(h::join).isInstanceOf(ActionFailedException.class);
        assertThat(rec.events).allSatisfy(e -> {
            assertThat(e.actionId()).isEqualTo(h.id());
            assertThat(e.resourceKey()).isEqualTo("vm:web1");
            assertThat(e.actionName()).isEqualTo("create");
        });
        assertThat(rec.events).extracting(e -> e.getClass().getSimpleName()).containsExactly("ActionStarted",
                "CommandStarted", "CommandSucceeded", "CommandStarted", "CommandFailed", "Reverting", "Reverted",
                "ActionFailed");
        EngineEvent.ActionFailed failed = rec.events(EngineEvent.ActionFailed.class).get(0);
        assertThat(failed.failedStep()).isEqualTo("define");
        assertThat(failed.category()).isEqualTo(FailureCategory.CONFLICT);
        assertThat(failed.fullyReverted()).isTrue();
        assertThat(failed.duration()).isPositive();
        assertThat(rec.events(EngineEvent.CommandSucceeded.class).get(0).duration().isNegative()).isFalse();
    }

    @Test
    void progressReportedByACommandReachesListeners() {
        Engine engine = engine(1);
        engine.run(Action.builder("migrate", "vm:a").step(ctx -> {
            ctx.progress(0.5, "half");
            return "x";
        }).build());
        assertThat(rec.events(EngineEvent.Progress.class)).singleElement()
                .satisfies(p -> {
                    assertThat(p.fraction()).isEqualTo(0.5);
                    assertThat(p.message()).isEqualTo("half");
                });
    }

    @Test
    void verificationRedoesTheStepsUntilItHolds() {
        Engine engine = Engine.builder().workers(1).build();
        engines.add(engine);
        AtomicInteger migrations = new AtomicInteger();
        Key<Integer> migrated = Key.of("migrated", Integer.class);
        Action<Integer> a = Action.<Integer>builder("migrate", "vm:a")
                .step(rec.cmd("prepare"))
                .step(migrated, ctx -> migrations.incrementAndGet())
                .verify(Verification.that("gone from source", ctx -> ctx.get(migrated) >= 3).redoFrom(migrated, 3))
                .resultFrom(migrated)
                .build();
        assertThat(engine.run(a)).isEqualTo(3);
        assertThat(rec.log).containsExactly("do:prepare");
    }

    @Test
    void verificationThatNeverHoldsFailsAsConflictAndRevertsEveryExecution() {
        Engine engine = Engine.builder().workers(1).build();
        engines.add(engine);
        Key<String> migrated = Key.of("migrated", String.class);
        Action<Object> a = Action.builder("migrate", "vm:a")
                .step(migrated, rec.cmd("migrate"))
                .verify(Verification.that("gone from source", ctx -> false).redoFrom(migrated, 2))
                .build();
        assertThatThrownBy(() -> engine.run(a)).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.failedStep()).isEqualTo("verify:gone from source");
            assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT);
            assertThat(e.getMessage()).contains("after 2 redo(s)");
        });
        assertThat(rec.log).containsExactly("do:migrate", "do:migrate", "do:migrate", "undo:migrate", "undo:migrate",
                "undo:migrate");
    }

    @Test
    void verificationCheckIsRetriedUntilItHolds() {
        Engine engine = Engine.builder().workers(1).build();
        engines.add(engine);
        AtomicInteger checks = new AtomicInteger();
        Action<Object> a = Action.builder("a", "vm:a").step(rec.cmd("one"))
                .verify(Verification.that("eventually", ctx -> checks.incrementAndGet() >= 3)
                        .withRetry(Retry.builder().maxAttempts(5).fixedDelay(Duration.ofMillis(1)).build()))
                .build();
        engine.run(a);
        assertThat(checks.get()).isEqualTo(3);
    }

    @Test
    void aFailingModelSyncFailsTheActionAndRevertsItsSteps() {
        Engine engine = engine(1);
        Action<Object> a = Action.builder("a", "vm:a").step(rec.cmd("one"))
                .sync(results -> {
                    throw new IllegalStateException("model bug");
                }).build();
        assertThatThrownBy(() -> engine.run(a)).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.failedStep()).isEqualTo("sync");
            assertThat(e.category()).isEqualTo(FailureCategory.INTERNAL);
        });
        assertThat(rec.log).containsExactly("do:one", "undo:one");
    }

    @Test
    void theFailureHookSeesWhatWasReverted() {
        Engine engine = engine(1);
        List<ActionFailedException> seen = new ArrayList<>();
        Action<Object> a = Action.builder("a", "vm:a").step(rec.cmd("one"))
                .step(rec.failing("two", FailureCategory.NOT_FOUND))
                .onFailure((failure, results) -> seen.add(failure)).build();
        assertThatThrownBy(() -> engine.run(a)).isInstanceOf(ActionFailedException.class);
        assertThat(seen).singleElement().satisfies(f -> assertThat(f.reverted()).containsExactly("one"));
    }

    @Test
    void closeDrainsRunningWorkAndReportsWhatItAbandoned() throws Exception {
        Engine engine = Engine.builder().workers(1).scheduler(clock).build();
        CountDownLatch started = new CountDownLatch(1);
        Command<String> hang = ctx -> {
            started.countDown();
            Thread.sleep(60_000);
            return "never";
        };
        ActionHandle<Object> stuck = engine.submit(Action.builder("stuck", "vm:a").step(rec.cmd("one")).step(hang)
                .build());
        ActionHandle<Object> queued = engine.submit(Action.builder("queued", "vm:a").step(rec.cmd("q")).build());
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        ShutdownReport report = engine.close(Duration.ofMillis(200));
        assertThat(report.clean()).isFalse();
        assertThat(report.abandoned()).extracting(ShutdownReport.Abandoned::actionName)
                .containsExactlyInAnyOrder("stuck", "queued");
        assertThat(report.abandoned()).filteredOn(ab -> ab.actionName().equals("stuck")).singleElement()
                .satisfies(ab -> {
                    assertThat(ab.wasRunning()).isTrue();
                    assertThat(ab.finished()).isTrue();
                });
        assertThatThrownBy(stuck::join).isInstanceOfSatisfying(ActionFailedException.class,
                e -> assertThat(e.reverted()).containsExactly("one"));
        assertThatThrownBy(queued::join).isInstanceOf(ActionFailedException.class);
        assertThat(rec.log).containsExactly("do:one", "undo:one");
        assertThatThrownBy(() -> engine.submit(Action.builder("late", "vm:b").step(rec.cmd("late")).build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed").hasMessageContaining("late");
    }

    @Test
    void closeWithNothingRunningIsClean() {
        Engine engine = Engine.builder().workers(1).build();
        engine.run(Action.builder("a", "vm:a").step(rec.cmd("one")).build());
        ShutdownReport report = engine.close(Duration.ofSeconds(1));
        assertThat(report.clean()).isTrue();
    }

    private void awaitPending(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (clock.pending() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(clock.pending()).isGreaterThanOrEqualTo(n);
    }

    private static void awaitCalls(AtomicInteger calls, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (calls.get() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(calls.get()).isEqualTo(n);
    }
}
