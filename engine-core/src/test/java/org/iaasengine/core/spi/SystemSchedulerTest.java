package org.iaasengine.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The one scheduler: a named thread that exists while something is scheduled, gone after close. */
class SystemSchedulerTest {

    private static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive())
                .count();
    }

    @Test
    void runsTasksOnItsNamedThreadAndCloseEndsThatThread() throws Exception {
        String name = "iaas-test-timer-" + System.nanoTime();
        SystemScheduler s = new SystemScheduler(name);
        assertThat(threadsNamed(name)).isZero(); // no thread before anything is scheduled
        CompletableFuture<String> ranOn = new CompletableFuture<>();
        s.schedule(() -> ranOn.complete(Thread.currentThread().getName()), Duration.ofMillis(1));
        assertThat(ranOn.get(10, TimeUnit.SECONDS)).isEqualTo(name);
        TaskScheduler.Scheduled later = s.schedule(() -> { }, Duration.ofHours(1));
        s.close();
        assertThat(threadsNamed(name)).isZero();
        assertThat(later.cancel()).isFalse(); // already cancelled by close
        assertThat(s.isClosed()).isTrue();
        assertThatThrownBy(() -> s.schedule(() -> { }, Duration.ZERO)).isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aCancelledTaskDoesNotRun() throws Exception {
        try (SystemScheduler s = new SystemScheduler("iaas-test-timer-cancel")) {
            CompletableFuture<Void> ran = new CompletableFuture<>();
            TaskScheduler.Scheduled t = s.schedule(() -> ran.complete(null), Duration.ofMillis(200));
            assertThat(t.cancel()).isTrue();
            CompletableFuture<Void> marker = new CompletableFuture<>();
            s.schedule(() -> marker.complete(null), Duration.ofMillis(300));
            marker.get(10, TimeUnit.SECONDS);
            assertThat(ran).isNotDone();
        }
    }

    @Test
    void aDeadlineSetAndCancelledForEachPieceOfWorkWakesTheThreadOnce() throws Exception {
        try (SystemScheduler s = new SystemScheduler("iaas-test-timer-wakeups")) {
            for (int i = 0; i < 50; i++) {
                TaskScheduler.Scheduled deadline = s.schedule(() -> { }, Duration.ofMinutes(30));
                assertThat(deadline.cancel()).isTrue();
                assertThat(deadline.cancel()).isFalse();
            }
            assertThat(s.wakeUpsSet()).isEqualTo(1);

            CompletableFuture<Void> soon = new CompletableFuture<>();
            s.schedule(() -> soon.complete(null), Duration.ofMillis(20)); // earlier than the wake-up set: moves it
            soon.get(10, TimeUnit.SECONDS);
            assertThat(s.wakeUpsSet()).isEqualTo(2);
        }
    }

    @Test
    void tasksRunInTheOrderTheyAreDueAndOneThatThrowsDoesNotStopTheOthers() throws Exception {
        try (SystemScheduler s = new SystemScheduler("iaas-test-timer-order")) {
            List<String> ran = new CopyOnWriteArrayList<>();
            CountDownLatch all = new CountDownLatch(4);
            s.schedule(() -> { ran.add("60"); all.countDown(); }, Duration.ofMillis(60));
            s.schedule(() -> { ran.add("20a"); all.countDown(); }, Duration.ofMillis(20));
            s.schedule(() -> { throw new IllegalStateException("a failing task"); }, Duration.ofMillis(30));
            s.schedule(() -> { ran.add("40"); all.countDown(); }, Duration.ofMillis(40));
            s.schedule(() -> { ran.add("20b"); all.countDown(); }, Duration.ofMillis(20));
            assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).containsExactly("20a", "20b", "40", "60");
        }
    }

    @Test
    void aTaskDueBeyondTheWakeUpHorizonRunsWhenDueAndTheThreadEndsWhenIdle() throws Exception {
        String name = "iaas-test-timer-horizon-" + System.nanoTime();
        try (SystemScheduler s = new SystemScheduler(name, Duration.ofMillis(200))) { // wakes at least every 100 ms
            long t0 = System.nanoTime();
            CompletableFuture<Long> ranAfter = new CompletableFuture<>();
            s.schedule(() -> ranAfter.complete(System.nanoTime() - t0), Duration.ofMillis(350));
            assertThat(ranAfter.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(Duration.ofMillis(350).toNanos());
            assertThat(s.wakeUpsSet()).isGreaterThanOrEqualTo(4); // 100, 200, 300, then 350 ms
            assertThat(threadEnds(name)).isTrue();
        }
    }

    @Test
    void theThreadEndsWhenItsOnlyTaskIsCancelled() throws Exception {
        String name = "iaas-test-timer-cancelled-" + System.nanoTime();
        try (SystemScheduler s = new SystemScheduler(name, Duration.ofMillis(200))) {
            TaskScheduler.Scheduled deadline = s.schedule(() -> { }, Duration.ofHours(1));
            assertThat(threadsNamed(name)).isOne();
            assertThat(deadline.cancel()).isTrue();
            assertThat(threadEnds(name)).isTrue();
            assertThat(s.isClosed()).isFalse();
        }
    }

    /** Waits (up to 5 s) for the thread named {@code name} to end. */
    private static boolean threadEnds(String name) throws InterruptedException {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                t.join(5_000);
            }
        }
        return threadsNamed(name) == 0;
    }
}
