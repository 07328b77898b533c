package org.iaasengine.libvirt.sync;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.iaasengine.core.spi.TaskScheduler;

/** The monitor's default {@link TaskScheduler}: one daemon timer thread of its own. */
final class ExecutorScheduler implements TaskScheduler, AutoCloseable {
    private final ScheduledExecutorService executor;

    ExecutorScheduler(String threadName) {
        this.executor = Executors.newSingleThreadScheduledExecutor(
                new ThreadFactoryBuilder().setNameFormat(threadName).setDaemon(true).build());
    }

    @Override
    public Scheduled schedule(Runnable task, Duration delay) {
        ScheduledFuture<?> f = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
