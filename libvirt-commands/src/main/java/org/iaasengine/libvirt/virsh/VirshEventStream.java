package org.iaasengine.libvirt.virsh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.commons.exec.ExecuteStreamHandler;
import org.apache.commons.exec.ExecuteWatchdog;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription: one long-running {@code virsh event --event lifecycle --loop --timestamp}
 * process whose stdout is read line by line on a daemon thread and parsed into
 * {@link DomainEvent}s. The command string first echoes a marker, so {@link #open} returns only
 * once virsh is connected and about to register its callback. If the process dies (libvirtd
 * restarted), a supervisor thread starts a new one with a growing pause (events in the gap are
 * lost: callers reconcile with a listing). {@link #close} kills the process.
 */
final class VirshEventStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VirshEventStream.class);
    private static final String READY = "@@iaas-virsh-events-ready@@";
    /** A command string of virsh's own language; a constant with no caller data. */
    static final String COMMAND = "echo " + READY + "; event --event lifecycle --loop --timestamp";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final VirshRunner runner;
    private final Consumer<DomainEvent> listener;
    private final Duration startTimeout;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile VirshRunner.Execution current;
    private volatile BoundedBuffer currentErr;

    private VirshEventStream(VirshRunner runner, Consumer<DomainEvent> listener, Duration startTimeout) {
        this.runner = runner;
        this.listener = listener;
        this.startTimeout = startTimeout;
    }

    /** Starts the event process and returns once it is listening; fails classified if it cannot. */
    static VirshEventStream open(VirshRunner runner, Consumer<DomainEvent> listener, Duration startTimeout) {
        VirshEventStream s = new VirshEventStream(runner, listener, startTimeout);
        s.startProcess(true);
        Thread supervisor = new Thread(s::supervise, "virsh-events-" + runner.uri());
        supervisor.setDaemon(true);
        supervisor.start();
        return s;
    }

    private static VirshCall call() {
        return new VirshCall("event", null, List.of(COMMAND), null);
    }

    private void startProcess(boolean first) {
        CountDownLatch ready = new CountDownLatch(1);
        BoundedBuffer err = new BoundedBuffer(64 * 1024);
        VirshRunner.Execution ex = runner.start(call(), ExecuteWatchdog.INFINITE_TIMEOUT_DURATION,
                new LineReader(ready, err));
        current = ex;
        currentErr = err;
        if (!first) {
            return;
        }
        try {
            long deadline = System.nanoTime() + startTimeout.toNanos();
            while (!ready.await(20, TimeUnit.MILLISECONDS)) {
                if (ex.finished()) {
                    VirshErrors.Classification c = VirshErrors.classify(err.text());
                    throw new DriverException(c.error(), c.category(),
                            call().describe(runner.uri()) + " failed (exit " + ex.exitCode() + "): " + c.text(), null);
                }
                if (System.nanoTime() > deadline) {
                    ex.kill();
                    throw runner.timedOut(call(), startTimeout);
                }
            }
        } catch (InterruptedException e) {
            ex.kill();
            Thread.currentThread().interrupt();
            throw new DriverException(LibvirtError.UNKNOWN, FailureCategory.CANCELLED,
                    call().describe(runner.uri()) + " was interrupted while starting", e);
        }
    }

    /** Waits for the process to end and starts a new one until closed. */
    private void supervise() {
        Duration backoff = Duration.ofSeconds(1);
        try {
            while (closed.getCount() > 0) {
                current.handler.waitFor();
                if (closed.getCount() == 0) {
                    return;
                }
                LOG.warn("virsh event on {} exited ({}): {}; restarting in {} ms", runner.uri(), current.exitCode(),
                        currentErr.text().strip(), backoff.toMillis());
                if (closed.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                try {
                    startProcess(false);
                } catch (DriverException e) {
                    LOG.warn("virsh event on {} could not restart", runner.uri(), e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The running event process's id (for tests), -1 if none. */
    long pid() {
        VirshRunner.Execution ex = current;
        return ex == null ? -1 : ex.pid();
    }

    @Override
    public void close() {
        closed.countDown();
        VirshRunner.Execution ex = current;
        if (ex != null) {
            ex.kill();
        }
    }

    /** Reads the event process's stdout line by line on its own daemon thread; stderr is kept. */
    private final class LineReader implements ExecuteStreamHandler {
        private final CountDownLatch ready;
        private final BoundedBuffer err;
        private InputStream stdout;
        private InputStream stderr;
        private Thread outThread;
        private Thread errThread;

        LineReader(CountDownLatch ready, BoundedBuffer err) {
            this.ready = ready;
            this.err = err;
        }

        @Override
        public void setProcessInputStream(OutputStream os) throws IOException {
            os.close();
        }

        @Override
        public void setProcessErrorStream(InputStream is) {
            this.stderr = is;
        }

        @Override
        public void setProcessOutputStream(InputStream is) {
            this.stdout = is;
        }

        @Override
        public void start() {
            outThread = new Thread(this::readLines, "virsh-events-reader-" + runner.uri());
            outThread.setDaemon(true);
            outThread.start();
            errThread = new Thread(() -> {
                try {
                    stderr.transferTo(err);
                } catch (IOException e) {
                    LOG.debug("virsh event stderr closed", e);
                }
            }, "virsh-events-stderr");
            errThread.setDaemon(true);
            errThread.start();
        }

        private void readLines() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.equals(READY)) {
                        ready.countDown();
                        continue;
                    }
                    var event = VirshParsers.parseEvent(runner.uri(), line);
                    if (event.isEmpty()) {
                        LOG.debug("virsh event on {}: ignored line {}", runner.uri(), line);
                        continue;
                    }
                    try {
                        listener.accept(event.get());
                    } catch (RuntimeException e) {
                        LOG.warn("event listener failed on {}", event.get(), e);
                    }
                }
            } catch (IOException e) {
                LOG.debug("virsh event stdout closed", e);
            }
        }

        @Override
        public void stop() throws IOException {
            try {
                outThread.join(VirshRunner.KILL_GRACE.toMillis());
                errThread.join(VirshRunner.KILL_GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
