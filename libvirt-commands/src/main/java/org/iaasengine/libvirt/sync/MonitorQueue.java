package org.iaasengine.libvirt.sync;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link HostMonitor}'s work queue and the one thread that takes it in order. It counts the work
 * queued and not yet done, so that {@link #awaitIdle} can tell when everything queued was applied.
 * A failure of one piece of work is logged and the thread goes on.
 *
 * @param <W> the type of work
 */
final class MonitorQueue<W> {
    private static final Logger LOG = LoggerFactory.getLogger(HostMonitor.class);
    private static final Object SHUTDOWN = new Object();

    private final String hostName;
    private final Consumer<W> process;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final ReentrantLock idleLock = new ReentrantLock();
    private final Condition idle = idleLock.newCondition();
    private int outstanding;
    private Thread worker;

    MonitorQueue(String hostName, Consumer<W> process) {
        this.hostName = hostName;
        this.process = process;
    }

    /** Starts the thread, named {@code threadName}. */
    void start(String threadName) {
        worker = new Thread(this::run, threadName);
        worker.setDaemon(true);
        worker.start();
    }

    void add(W work) {
        idleLock.lock();
        try {
            outstanding++;
        } finally {
            idleLock.unlock();
        }
        queue.add(work);
    }

    @SuppressWarnings("unchecked")
    private void run() {
        while (true) {
            Object w;
            try {
                w = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (w == SHUTDOWN) {
                    return;
                }
                process.accept((W) w);
            } catch (RuntimeException e) {
                LOG.warn("monitor of host {}: {} failed; the next event or reconcile tries again", hostName, w, e);
            } finally {
                done();
            }
        }
    }

    private void done() {
        idleLock.lock();
        try {
            outstanding--;
            if (outstanding <= 0) {
                idle.signalAll();
            }
        } finally {
            idleLock.unlock();
        }
    }

    /** Waits until nothing is queued or being applied, or {@code timeout} passes; true if idle. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        idleLock.lock();
        try {
            while (outstanding > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = idle.awaitNanos(nanos);
            }
            return true;
        } finally {
            idleLock.unlock();
        }
    }

    /** Ends the thread after the work queued before; interrupts it if it has not ended within 10 s. */
    void stop() {
        queue.add(SHUTDOWN);
        try {
            worker.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            LOG.warn("monitor thread of host {} did not end within 10 s; interrupting it", hostName);
            worker.interrupt();
        }
    }

    /** Closes {@code c} (when there is one), logging rather than throwing a failure. */
    static void closeQuietly(AutoCloseable c, String what, String hostName) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing the {} of host {} failed: {}", what, hostName, e.getMessage());
        }
    }
}
