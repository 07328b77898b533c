package org.iaasengine.libvirt.virsh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.apache.commons.exec.ExecuteStreamHandler;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.ProcessDestroyer;
import org.apache.commons.exec.PumpStreamHandler;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs virsh processes: {@code virsh -c URI ARG...} as an argument array (each argument added
 * with quoting handling off, no shell), {@code LC_ALL=C} in the environment, a Commons Exec
 * watchdog on every process, bounded capture of stdout and stderr. A thread interrupt while
 * waiting kills the process (and anything it spawned) at once.
 */
final class VirshRunner {
    private static final Logger LOG = LoggerFactory.getLogger(VirshRunner.class);
    private static final int MAX_STDERR = 64 * 1024;
    /** How long a killed process gets to go away before the runner stops waiting for it. */
    static final Duration KILL_GRACE = Duration.ofSeconds(5);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadFactory DAEMONS = r -> {
        Thread t = new Thread(r, "virsh-exec-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    };

    private final Path virsh;
    private final String uri;
    private final Map<String, String> environment;
    private final int maxStdout;

    VirshRunner(Path virsh, String uri, int maxStdout) {
        this.virsh = virsh;
        this.uri = uri;
        this.maxStdout = maxStdout;
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("LC_ALL", "C");
        this.environment = Map.copyOf(env);
    }

    String uri() {
        return uri;
    }

    /**
     * Runs the call to its end and returns what it printed, whatever its exit code. Fails with
     * TIMEOUT when it ran past {@code timeout} (it is killed), CANCELLED when the thread was
     * interrupted (the process is killed, the interrupt flag kept), INTERNAL when it could not start
     * or printed more than the output bound.
     *
     * <p>The short calls are on the hot path (one process per libvirt call), so they take the
     * shortest route from "virsh exited" to "caller runs again": the caller starts the process and
     * writes its stdin, two pooled threads drain stdout and stderr, and the caller waits
     * (interruptibly, with the deadline) for the stdout pump alone. Commons Exec's executor would add
     * a launcher thread, a watchdog thread and a reaper wait to that path, about 5 ms per call on a
     * loaded 2-core machine; it still runs the long-lived processes ({@link #start}).
     */
    VirshResult run(VirshCall call, Duration timeout) {
        List<String> argv = new ArrayList<>(call.args().size() + 3);
        argv.add(virsh.toString());
        argv.add("-c");
        argv.add(uri);
        argv.addAll(call.args());
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(environment);
        long deadline = System.nanoTime() + timeout.toNanos();
        Process p;
        try {
            p = pb.start();
        } catch (IOException | RuntimeException e) {
            throw couldNotStart(call, e);
        }
        LOG.debug("started {}: {}", call.describe(uri), call.args());
        try {
            Future<Drained> err = IO.submit(() -> Drained.of(p.getErrorStream(), MAX_STDERR));
            Future<Drained> out = IO.submit(() -> Drained.of(p.getInputStream(), maxStdout));
            try (OutputStream stdin = p.getOutputStream()) {
                if (call.stdin() != null) {
                    stdin.write(call.stdin());
                }
            } catch (IOException exitedEarly) {
                LOG.debug("{} closed its stdin early: {}", call.describe(uri), exitedEarly.getMessage());
            }
            Drained o = out.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            Drained e = err.get(KILL_GRACE.toNanos(), TimeUnit.NANOSECONDS);
            if (!p.waitFor(Math.max(KILL_GRACE.toNanos(), deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                kill(p);
                throw timedOut(call, timeout); // closed its output but did not exit
            }
            if (o.dropped() > 0) {
                throw new DriverException(LibvirtError.UNKNOWN, FailureCategory.INTERNAL,
                        call.describe(uri) + " printed more than " + maxStdout + " bytes; output discarded", null);
            }
            return new VirshResult(p.exitValue(), o.text(), e.text());
        } catch (TimeoutException e) {
            kill(p);
            throw timedOut(call, timeout);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new DriverException(LibvirtError.UNKNOWN, FailureCategory.CANCELLED,
                    call.describe(uri) + " was interrupted; the virsh process was killed", e);
        } catch (ExecutionException e) {
            kill(p);
            throw new DriverException(LibvirtError.UNKNOWN, FailureCategory.INTERNAL,
                    call.describe(uri) + " failed reading its output: " + e.getCause(), e.getCause());
        }
    }

    /** Kills a process and its descendants at once (SIGKILL); its pipes then close. */
    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Threads that drain the short calls' stdout and stderr; idle ones go after a minute. */
    private static final ExecutorService IO = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "virsh-io-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    /** What a pump read: the first {@code limit} bytes, and how many more it threw away. */
    private record Drained(byte[] kept, int length, long dropped) {
        static Drained of(java.io.InputStream in, int limit) throws IOException {
            byte[] buf = new byte[Math.min(limit, 8192)];
            int n = 0;
            long dropped = 0;
            byte[] sink = new byte[8192];
            try (in) {
                while (true) {
                    if (n == buf.length && buf.length < limit) {
                        buf = java.util.Arrays.copyOf(buf, (int) Math.min(limit, buf.length * 2L));
                    }
                    int r = n < buf.length ? in.read(buf, n, buf.length - n) : in.read(sink);
                    if (r < 0) {
                        return new Drained(buf, n, dropped);
                    }
                    if (n < buf.length) {
                        n += r;
                    } else {
                        dropped += r;
                    }
                }
            }
        }

        String text() {
            return new String(kept, 0, length, StandardCharsets.UTF_8);
        }
    }

    /** Stream handling that pumps stdin (if any) in and captures stdout/stderr into the buffers. */
    static ExecuteStreamHandler pumps(VirshCall call, BoundedBuffer out, BoundedBuffer err) {
        PumpStreamHandler pumps = new PumpStreamHandler(out, err,
                call.stdin() == null ? null : new ByteArrayInputStream(call.stdin()));
        pumps.setStopTimeout(KILL_GRACE);
        return pumps;
    }

    /** Starts the process; the watchdog kills it (SIGTERM) after {@code watchdogTimeout}. */
    Execution start(VirshCall call, Duration watchdogTimeout, ExecuteStreamHandler streams) {
        CommandLine cmd = new CommandLine(virsh.toString());
        cmd.addArgument("-c", false);
        cmd.addArgument(uri, false);
        for (String a : call.args()) {
            cmd.addArgument(a, false);
        }
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(watchdogTimeout).setThreadFactory(DAEMONS)
                .get();
        Execution ex = new Execution(watchdog);
        DefaultExecutor executor = DefaultExecutor.builder().setThreadFactory(DAEMONS)
                .setExecuteStreamHandler(streams).get();
        executor.setExitValues(null); // every exit code is a result; the driver classifies it
        executor.setWatchdog(watchdog);
        executor.setProcessDestroyer(ex);
        LOG.debug("starting {}: {}", call.describe(uri), call.args());
        try {
            executor.execute(cmd, environment, ex.handler);
        } catch (IOException e) {
            throw couldNotStart(call, e);
        }
        return ex;
    }

    DriverException couldNotStart(VirshCall call, Throwable cause) {
        return new DriverException(LibvirtError.UNKNOWN, FailureCategory.INTERNAL,
                call.describe(uri) + ": could not run " + virsh + ": " + cause.getMessage(), cause);
    }

    DriverException timedOut(VirshCall call, Duration timeout) {
        return new DriverException(LibvirtError.UNKNOWN, FailureCategory.TIMEOUT,
                call.describe(uri) + " did not finish within " + timeout.toMillis() + " ms; the virsh process was killed",
                null);
    }

    /**
     * The end of a process, signalled through a latch. (Commons Exec's DefaultExecuteResultHandler
     * polls every 50 ms, which would add 25 ms to an average 30 ms virsh call.)
     */
    static final class Completion implements ExecuteResultHandler {
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile int exitValue = org.apache.commons.exec.Executor.INVALID_EXITVALUE;
        private volatile ExecuteException exception;

        @Override
        public void onProcessComplete(int exit) {
            this.exitValue = exit;
            done.countDown();
        }

        @Override
        public void onProcessFailed(ExecuteException e) {
            this.exception = e;
            this.exitValue = e.getExitValue();
            done.countDown();
        }

        void waitFor() throws InterruptedException {
            done.await();
        }

        void waitFor(Duration d) throws InterruptedException {
            done.await(d.toNanos(), TimeUnit.NANOSECONDS);
        }

        boolean hasResult() {
            return done.getCount() == 0;
        }

        int getExitValue() {
            return exitValue;
        }

        ExecuteException getException() {
            return exception;
        }
    }

    /**
     * One started process. It is its own {@link ProcessDestroyer}: Commons Exec hands it the
     * {@link Process} right after launch, which is how the runner can kill the process tree on an
     * interrupt without waiting for the watchdog.
     */
    final class Execution implements ProcessDestroyer {
        final Completion handler = new Completion();
        private final ExecuteWatchdog watchdog;
        private volatile Process process;
        private volatile boolean killed;

        private Execution(ExecuteWatchdog watchdog) {
            this.watchdog = watchdog;
        }

        @Override
        public boolean add(Process p) {
            this.process = p;
            if (killed) {
                kill();
            }
            return true;
        }

        @Override
        public boolean remove(Process p) {
            return true;
        }

        @Override
        public int size() {
            return process == null ? 0 : 1;
        }

        /** Waits up to {@code d} for the process to end; true when it did. */
        boolean await(Duration d) throws InterruptedException {
            handler.waitFor(d);
            return handler.hasResult();
        }

        boolean finished() {
            return handler.hasResult();
        }

        /** Kills the process and its descendants at once (SIGKILL). */
        void kill() {
            killed = true;
            Process p = process;
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }

        /** The process id, or -1 before it started. */
        long pid() {
            Process p = process;
            return p == null ? -1 : p.pid();
        }

        int exitCode() {
            return handler.hasResult() ? handler.getExitValue() : -1;
        }

        boolean watchdogFired() {
            return watchdog.killedProcess();
        }

        /** The result of a finished process, or the failure that stands for it. */
        VirshResult result(VirshCall call, Duration timeout, BoundedBuffer out, BoundedBuffer err) {
            ExecuteException failure = handler.getException();
            if (watchdogFired()) {
                throw timedOut(call, timeout);
            }
            if (failure != null && process == null) {
                throw couldNotStart(call, failure.getCause() == null ? failure : failure.getCause());
            }
            if (failure != null && handler.getExitValue() == org.apache.commons.exec.Executor.INVALID_EXITVALUE) {
                throw new DriverException(LibvirtError.UNKNOWN, FailureCategory.INTERNAL,
                        call.describe(uri) + " failed: " + failure.getMessage(), failure);
            }
            if (out.truncated()) {
                throw new DriverException(LibvirtError.UNKNOWN, FailureCategory.INTERNAL,
                        call.describe(uri) + " printed more than " + maxStdout + " bytes; output discarded", null);
            }
            return new VirshResult(handler.getExitValue(), out.text(), err.text());
        }
    }
}
