package org.iaasengine.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
}
