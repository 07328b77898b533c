package org.iaasengine.core.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.exec.ExecuteStreamHandler;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.StreamPumper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process started by a {@link ProcessRunner}: its Commons Exec watchdog, its stream handling
 * (stdout and stderr pumped into their sinks on the runner's threads) and its end.
 *
 * <p><b>The watchdog</b> is Commons Exec's {@link ExecuteWatchdog} (it marks the process as
 * killed by a timeout and destroys it if it still runs), timed by the runner's scheduler rather
 * than by a watchdog thread per process ({@link Watchdogs}: one scheduler task for all of a
 * runner's deadlines): at the deadline it fires, and the process and everything it spawned are
 * then killed at once (SIGKILL). A process that is killed (timeout,
 * interrupt, close) and whose output still has not ended {@link ProcessRunner#KILL_GRACE} later (a
 * daemon it spawned holds the pipe) is given up on: its end completes exceptionally.
 *
 * <p><b>Its end</b> ({@link #finished()}) is the moment both output streams reached their end and
 * the process exited: the stdout pump waits for the exit after its stream ends, so no thread waits
 * for a process that is still writing.
 */
public final class Execution {
    private static final Logger LOG = LoggerFactory.getLogger(Execution.class);
    private static final int PUMP_BUFFER = 8192;

    private final ProcessRunner runner;
    private final ProcessSpec spec;
    private final Process process;
    private final ExecuteWatchdog watchdog = ExecuteWatchdog.builder()
            .setTimeout(ExecuteWatchdog.INFINITE_TIMEOUT_DURATION).get(); // no thread: the scheduler times it
    private final OutputStream out;
    private final BoundedBuffer stdout;
    private final BoundedBuffer stderr;
    private final Streams streams = new Streams();
    private final CompletableFuture<Integer> finished = new CompletableFuture<>();
    private volatile Watchdogs.Deadline deadline;
    private volatile boolean closedUnder;

    Execution(ProcessRunner runner, ProcessSpec spec, Process process, OutputStream stdoutSink) {
        this.runner = runner;
        this.spec = spec;
        this.process = process;
        this.stdout = stdoutSink == null ? new BoundedBuffer(spec.maxStdout()) : null;
        this.out = stdoutSink == null ? stdout : stdoutSink;
        this.stderr = new BoundedBuffer(spec.maxStderr());
    }

    /**
     * Hooks the streams up, starts the pumps and the watchdog; throws
     * {@link RejectedExecutionException} if the runner's threads or scheduler are closed.
     */
    void begin(Executor io, Watchdogs watchdogs) {
        streams.setProcessInputStream(process.getOutputStream());
        streams.setProcessOutputStream(process.getInputStream());
        streams.setProcessErrorStream(process.getErrorStream());
        streams.start(io);
        watchdog.start(process);
        if (spec.timeout() != null) {
            deadline = watchdogs.watch(spec.timeout(), this::onDeadline);
        }
        CompletableFuture.allOf(streams.outDone, streams.errDone).whenComplete((v, f) -> end(f));
    }

    /** Writes the spec's standard input on the calling thread and closes it. */
    void feed() {
        try (OutputStream in = process.getOutputStream()) {
            if (spec.stdin() != null) {
                in.write(spec.stdin());
            }
        } catch (IOException exitedEarly) {
            LOG.debug("{} closed its standard input early: {}", spec.describe(), exitedEarly.getMessage());
        }
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** What was run. */
    public ProcessSpec spec() {
        return spec;
    }

    /**
     * Completes with the exit code once the process exited and its output ended; exceptionally
     * (a {@link TimeoutException}) if it was killed and its output did not end within the grace.
     */
    public CompletableFuture<Integer> finished() {
        return finished;
    }

    /** True once {@link #finished()} completed. */
    public boolean isFinished() {
        return finished.isDone();
    }

    /** Waits up to {@code d} for the process's end; true when it ended. */
    public boolean await(Duration d) throws InterruptedException {
        try {
            finished.get(d.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true; // given up on after a kill: over as far as the caller can tell
        }
    }

    /**
     * True when the watchdog killed it: it ran past its timeout. Read from the watchdog, which marks
     * the process killed before it destroys it, so that a caller released by that very kill sees it.
     */
    public boolean timedOut() {
        return watchdog.killedProcess();
    }

    /** The exit code, or -1 while it runs or when it was given up on. */
    public int exitCode() {
        return finished.isDone() && !finished.isCompletedExceptionally() ? finished.join() : -1;
    }

    /** What it printed on standard error so far (bounded). */
    public String stderrText() {
        return stderr.text();
    }

    /** Kills the process and everything it spawned at once (SIGKILL). Idempotent. */
    public void kill() {
        List<ProcessHandle> tree = process.descendants().toList(); // before the parent dies and they move away
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        giveUpLater();
    }

    /**
     * The outcome of a finished process: its exit code and output, or the failure that stands for
     * it (killed by its watchdog, by the runner's close, or given up on). Call after it finished.
     */
    public ProcessRunner.Result result() {
        if (timedOut()) {
            throw new ProcessFailure(ProcessFailure.Kind.TIMED_OUT, spec.describe() + " did not finish within "
                    + spec.timeout() + " and was killed", null);
        }
        if (closedUnder) {
            throw new ProcessFailure(ProcessFailure.Kind.CLOSED,
                    spec.describe() + " was killed: its runner was closed", null);
        }
        if (!finished.isDone() || finished.isCompletedExceptionally()) {
            throw new ProcessFailure(ProcessFailure.Kind.OUTPUT_FAILED, spec.describe()
                    + " was killed but its output did not end within " + ProcessRunner.KILL_GRACE, null);
        }
        return new ProcessRunner.Result(finished.join(), stdout == null ? "" : stdout.text(), stderr.text(),
                stdout != null && stdout.truncated());
    }

    /** The runner is closing: kill it, and say so in its result. */
    void closeUnder() {
        closedUnder = !finished.isDone();
        kill();
    }

    /** On the scheduler at the deadline: Commons Exec's watchdog decides; a running process dies. */
    private void onDeadline() {
        List<ProcessHandle> tree = process.descendants().toList();
        watchdog.timeoutOccured(null); // marks it killed and destroys it if it still runs
        if (watchdog.killedProcess()) {
            LOG.debug("{} ran past its timeout of {}: killed", spec.describe(), spec.timeout());
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            giveUpLater();
        }
    }

    private void giveUpLater() {
        if (finished.isDone()) {
            return;
        }
        try {
            runner.scheduler().schedule(() -> {
                if (finished.completeExceptionally(new TimeoutException(
                        "output of " + spec.describe() + " did not end after it was killed"))) {
                    LOG.warn("{} was killed but its output did not end within {}; giving up on it", spec.describe(),
                            ProcessRunner.KILL_GRACE);
                    cleanUp();
                }
            }, ProcessRunner.KILL_GRACE);
        } catch (RejectedExecutionException closed) {
            LOG.debug("scheduler closed: {} is not watched after its kill", spec.describe());
        }
    }

    /**
     * Both pumps ended (the stdout pump after the exit): the process is over. The waiting caller
     * is released first; the clean-up (cancelling the watchdog's task, closing the pipes) follows
     * off its path.
     */
    private void end(Throwable pumpFailure) {
        runner.forget(this);
        if (pumpFailure != null) {
            finished.completeExceptionally(pumpFailure);
        } else {
            finished.complete(process.exitValue());
        }
        cleanUp();
    }

    private void cleanUp() {
        Watchdogs.Deadline d = deadline;
        if (d != null) {
            runner.watchdogs().cancel(d);
        }
        watchdog.stop();
        streams.stop();
        runner.forget(this);
    }

    /**
     * Commons Exec stream handling on the runner's pooled threads: a {@link StreamPumper} per
     * output stream (stdout into its sink, then a wait for the exit; stderr into its bound); the
     * standard input is written by the thread that starts the process ({@link #feed}).
     */
    private final class Streams implements ExecuteStreamHandler {
        final CompletableFuture<Void> outDone = new CompletableFuture<>();
        final CompletableFuture<Void> errDone = new CompletableFuture<>();
        private InputStream processOut;
        private InputStream processErr;

        @Override
        public void setProcessInputStream(OutputStream os) {
            // written by feed() on the starting thread, then closed
        }

        @Override
        public void setProcessErrorStream(InputStream is) {
            this.processErr = is;
        }

        @Override
        public void setProcessOutputStream(InputStream is) {
            this.processOut = is;
        }

        @Override
        public void start() {
            throw new UnsupportedOperationException("started with the runner's threads");
        }

        void start(Executor io) {
            io.execute(() -> {
                try {
                    new StreamPumper(processOut, out, true, PUMP_BUFFER).run();
                    waitForExit();
                    outDone.complete(null);
                } catch (RuntimeException | Error e) {
                    outDone.completeExceptionally(e);
                }
            });
            try {
                io.execute(() -> {
                    try {
                        new StreamPumper(processErr, stderr, true, PUMP_BUFFER).run();
                        errDone.complete(null);
                    } catch (RuntimeException | Error e) {
                        errDone.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                errDone.completeExceptionally(e);
                throw e;
            }
        }

        private void waitForExit() {
            boolean interrupted = false;
            while (true) {
                try {
                    process.waitFor();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the pool is closing; the process was killed first
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void stop() {
            for (AutoCloseable c : new AutoCloseable[] {processOut, processErr, process.getOutputStream()}) {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (Exception e) {
                    LOG.debug("closing a stream of {}: {}", spec.describe(), e.getMessage());
                }
            }
        }
    }
}
