package org.iaasengine.libvirt.driver;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.iaasengine.core.Poll;
import org.iaasengine.core.Retry;
import org.iaasengine.core.spi.TaskScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one watch over a running migration, for the drivers that implement
 * {@link LibvirtDriver#migrate}: it waits for the migration job to end, its timeout to pass, or a
 * reason to give up on it (its destination went away), and stops it the same way in every driver.
 * Every wait is a task on the driver's scheduler through {@link Poll}: the calling thread is
 * parked, it never sleeps, and it wakes the moment the job ends.
 *
 * <p><b>Stopping.</b> When the timeout passes (TIMEOUT), a check finds a reason to give up, or
 * the caller is interrupted (CANCELLED), the job is aborted ({@link Job#abort}: the domain keeps
 * running on the source; a failed abort is attached to the failure as suppressed). On an interrupt
 * a driver that can end the job by force ({@link Job#kill}) does so at once and the failure is
 * thrown. Otherwise the job has the abort grace to end, then is ended by force where the driver
 * can (and has the kill grace more); a migration that finished while it was being aborted is a
 * success (the domain runs on the destination: a failure would be a lie). The thread's interrupt
 * flag is kept.
 *
 * <pre>{@code
 * MigrationWatch watch = new MigrationWatch(scheduler, callTimeout, Duration.ZERO);
 * watch.watch(job, options.timeout());   // returns when migrated, else throws classified
 * }</pre>
 */
public final class MigrationWatch {
    private static final Logger LOG = LoggerFactory.getLogger(MigrationWatch.class);
    /** How often a running migration is checked for a reason to give up on it. */
    public static final Duration CHECK_EVERY = Duration.ofMillis(200);

    /** A migration job as the driver that started it sees it. */
    public interface Job {
        /** For logs and messages: what migrates from where to where. */
        String describe();

        /** Completes, normally or not, when the migration job ended. */
        CompletableFuture<?> ended();

        /**
         * Looked at every {@link #CHECK_EVERY} while the job runs: the failure to stop it with when
         * it can no longer finish, or null while it may go on. By default never.
         */
        default DriverException trouble() {
            return null;
        }

        /** After the job ended: returns when the domain moved, else throws the job's classified failure. */
        void outcome();

        /** Asks libvirt to abort the migration job; throws when it could not. */
        void abort();

        /** Ends the job by force (kills a process); false when the driver cannot. By default it cannot. */
        default boolean kill() {
            return false;
        }

        /** The failure for a migration that did not finish within {@code timeout}. */
        DriverException timedOut(Duration timeout);

        /** The failure for a caller interrupted while it waited. */
        DriverException interrupted(InterruptedException e);

        /**
         * The failure to throw after the job was stopped for {@code why} and did not succeed: by
         * default {@code why}; a driver may add what the job itself said.
         */
        default DriverException failed(DriverException why) {
            return why;
        }
    }

    private final TaskScheduler scheduler;
    private final Duration abortGrace;
    private final Duration killGrace;

    /**
     * @param scheduler  where the waits are timed: the driver's
     * @param abortGrace how long an aborted job has to end before it is ended by force
     * @param killGrace  how long a job ended by force has to be over
     */
    public MigrationWatch(TaskScheduler scheduler, Duration abortGrace, Duration killGrace) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.abortGrace = Objects.requireNonNull(abortGrace, "abortGrace");
        this.killGrace = Objects.requireNonNull(killGrace, "killGrace");
    }

    /** Watches {@code job} for up to {@code timeout}; returns when the domain moved, else throws classified. */
    public void watch(Job job, Duration timeout) {
        AtomicReference<DriverException> trouble = new AtomicReference<>();
        DriverException why;
        boolean interrupted = false;
        try {
            boolean over = Poll.until(() -> {
                trouble.set(job.trouble());
                return trouble.get() != null;
            }, job.ended(), checks(timeout), scheduler, null);
            if (job.ended().isDone()) {
                job.outcome();
                return;
            }
            why = over ? trouble.get() : job.timedOut(timeout);
            LOG.warn("{} {}; aborting it", job.describe(),
                    over ? "cannot finish: " + why.getMessage() : "did not finish within " + timeout);
        } catch (InterruptedException e) {
            interrupted = true;
            why = job.interrupted(e);
            LOG.warn("{} interrupted; aborting it", job.describe());
        }
        interrupted |= Thread.interrupted(); // the stop below must not be cut short; the flag is set again after
        try {
            stop(job, why, interrupted);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void stop(Job job, DriverException why, boolean interrupted) {
        try {
            job.abort();
        } catch (DriverException abortFailure) {
            why.addSuppressed(abortFailure);
        }
        if (interrupted && job.kill()) {
            throw why;
        }
        boolean ended = awaitEnd(job, abortGrace);
        if (!ended && job.kill()) {
            ended = awaitEnd(job, killGrace);
        }
        if (ended) {
            try {
                job.outcome();
                LOG.info("{} finished while it was being aborted", job.describe());
                return;
            } catch (DriverException afterAbort) {
                LOG.debug("{} ended after the abort: {}", job.describe(), afterAbort.getMessage());
            }
        }
        throw job.failed(why);
    }

    /** Waits up to {@code grace} for the job to end, parked on the scheduler; true if it ended. */
    private boolean awaitEnd(Job job, Duration grace) {
        if (job.ended().isDone()) {
            return true;
        }
        Retry once = Retry.builder().fixedDelay(grace).jitter(0).maxAttempts(2).build();
        try {
            return Poll.until(() -> false, job.ended(), once, scheduler, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return job.ended().isDone();
        }
    }

    /** A look every {@link #CHECK_EVERY} until {@code timeout}; one wait of it for a shorter timeout. */
    static Retry checks(Duration timeout) {
        if (timeout.compareTo(CHECK_EVERY) <= 0) {
            return Retry.builder().fixedDelay(timeout).jitter(0).maxAttempts(2).build();
        }
        return Retry.builder().fixedDelay(CHECK_EVERY).jitter(0).maxAttempts(Integer.MAX_VALUE).maxDuration(timeout)
                .build();
    }
}
