package org.iaasengine.libvirt.libvirtjava;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.libvirtjava.Errors.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads a {@link ConnectionSupervisor}'s calls run on, and how a caller waits for one. Calls
 * run on a few {@code iaas-libvirt-call} workers with a bounded queue, so a hung daemon makes calls
 * fail (TRANSIENT) rather than pile up threads; the caller waits at most its timeout (then
 * TIMEOUT). Long jobs (a migration) run on {@code iaas-libvirt-job} threads of their own, not
 * bounded here.
 */
final class CallWorkers {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSupervisor.class);

    private final String uri;
    private final ThreadPoolExecutor calls;
    private final ExecutorService jobs;

    CallWorkers(String uri, String tag, int maxConcurrentCalls) {
        this.uri = uri;
        calls = new ThreadPoolExecutor(maxConcurrentCalls, maxConcurrentCalls, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(1024), ConnectionSupervisor.daemon("iaas-libvirt-call[" + tag + "]-%d"));
        calls.allowCoreThreadTimeOut(true);
        jobs = Executors.newCachedThreadPool(ConnectionSupervisor.daemon("iaas-libvirt-job[" + tag + "]-%d"));
    }

    /** Runs {@code work} on a call worker; refused work fails classified (closed, or too many in flight). */
    <T> Future<T> call(Call call, Callable<T> work, BooleanSupplier closed) {
        try {
            return calls.submit(work);
        } catch (RejectedExecutionException e) {
            throw refused(call, e, closed);
        }
    }

    /** Runs {@code work} on a job thread of its own. */
    <T> CompletableFuture<T> job(Call call, Supplier<T> work, BooleanSupplier closed) {
        try {
            return CompletableFuture.supplyAsync(work, jobs);
        } catch (RejectedExecutionException e) {
            throw refused(call, e, closed);
        }
    }

    private DriverException refused(Call call, RejectedExecutionException e, BooleanSupplier closed) {
        return closed.getAsBoolean() ? Errors.closed(call, uri) : Errors.saturated(call, uri, e);
    }

    /** Waits for {@code f} at most {@code timeout}; failures come back classified. */
    <T> T await(Future<T> f, Call call, Duration timeout) {
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw Errors.timedOut(call, uri, timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Errors.interrupted(call, uri, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DriverException d) {
                // A copy made on the caller's thread, so its stack trace shows the caller; the
                // worker's exception (and libvirt's under it) is the cause.
                throw new DriverException(d.error(), d.category(), d.getMessage(), d);
            }
            throw Errors.internal(call, uri, cause);
        }
    }

    /** Takes no more work. */
    void shutdown() {
        calls.shutdown();
        jobs.shutdown();
    }

    /** Waits up to {@code wait} for the calls still running. */
    void awaitCalls(Duration wait) throws InterruptedException {
        if (!calls.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("calls to {} still running after {}; closing anyway", uri, wait);
        }
    }

    /** Waits up to {@code wait} for the jobs still running. */
    void awaitJobs(Duration wait) throws InterruptedException {
        if (!jobs.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("a job (migration) on {} still running after {}; closing anyway", uri, wait);
        }
    }
}
