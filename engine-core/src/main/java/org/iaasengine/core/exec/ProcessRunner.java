package org.iaasengine.core.exec;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.exec.launcher.CommandLauncher;
import org.apache.commons.exec.launcher.CommandLauncherFactory;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.spi.SystemScheduler;
import org.iaasengine.core.spi.TaskScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's one way to run an external program ({@code virsh}, {@code qemu-img}), for short
 * calls and long-lived processes alike, built on Apache Commons Exec: its command lines (an
 * argument array, each element one argument, never a shell string), its stream handling
 * ({@link org.apache.commons.exec.ExecuteStreamHandler} with its stream pumpers) and its watchdog
 * ({@link org.apache.commons.exec.ExecuteWatchdog}). Every process gets {@code LC_ALL=C}, a
 * timeout (a long-lived one may instead run until its owner kills it), bounded capture of its
 * output, and is killed with everything it spawned when the waiting thread is interrupted.
 *
 * <p><b>Launch latency.</b> Short calls are on a hot path (the virsh driver runs one process per
 * libvirt call), so they take the shortest route from "the program exited" to "the caller runs
 * again": the calling thread launches the process (through Commons Exec's launcher) and writes its
 * standard input; two pooled threads of the runner drain stdout and stderr; the watchdog is timed
 * by the scheduler (no watchdog thread per process, and one scheduler task for all the runner's
 * deadlines, so the timer thread is not woken per call); the caller waits for the end of the
 * output.
 * Commons Exec's {@code DefaultExecutor} would add a launcher thread, a watchdog thread and a
 * hand-off per call (about 5 ms a call on the loaded 2-core machine of the 3a benchmark), so it is
 * not used; its parts are. Long-lived processes ({@code virsh event}, {@code virsh migrate}) go
 * the same way through {@link #start}, their waits bounded by their owners.
 *
 * <p><b>Threads.</b> The pumps run on the runner's pool, threads {@code iaas-NAME-io-N} (idle ones
 * end after a minute); the watchdogs on the scheduler given, or on a {@link SystemScheduler} of
 * the runner's own ({@code iaas-NAME-timer}). {@link #close()} kills every process still running,
 * waits for the pumps to end and stops the threads; no static executor is involved.
 *
 * <pre>{@code
 * try (ProcessRunner runner = ProcessRunner.create("virsh[qemu:///system]", scheduler)) {
 *     ProcessRunner.Result r = runner.call(ProcessSpec.of(List.of("virsh", "version"), Duration.ofSeconds(30)));
 * }
 * ProcessRunner.Result once = ProcessRunner.run(List.of("qemu-img", "info", path), Duration.ofSeconds(30));
 * }</pre>
 */
public final class ProcessRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);
    /** How long a killed process's output gets to end before the runner gives up waiting for it. */
    public static final Duration KILL_GRACE = Duration.ofSeconds(5);
    private static final Map<String, String> ENVIRONMENT = environment();

    /**
     * What a finished program left.
     *
     * @param exitCode        its exit code
     * @param stdout          its standard output (UTF-8, bounded; empty when streamed to a sink)
     * @param stderr          its standard error (UTF-8, bounded)
     * @param stdoutTruncated true when it printed more standard output than the bound kept
     */
    public record Result(int exitCode, String stdout, String stderr, boolean stdoutTruncated) {
    }

    private final String name;
    private final TaskScheduler scheduler;
    private final SystemScheduler ownScheduler;
    private final ThreadPoolExecutor io;
    private final Watchdogs watchdogs;
    private final CommandLauncher launcher = CommandLauncherFactory.createVMLauncher();
    private final Set<Execution> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ProcessRunner(String name, TaskScheduler scheduler) {
        this.name = name;
        this.ownScheduler = scheduler == null ? new SystemScheduler("iaas-" + name + "-timer") : null;
        this.scheduler = scheduler == null ? ownScheduler : scheduler;
        this.watchdogs = new Watchdogs(this.scheduler);
        AtomicInteger threads = new AtomicInteger();
        this.io = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "iaas-" + name + "-io-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A runner whose threads are named after {@code name} and whose watchdogs are timed by
     * {@code scheduler} (null: a scheduler of its own, closed with it).
     */
    public static ProcessRunner create(String name, TaskScheduler scheduler) {
        Preconditions.checkArgument(name != null && !name.isBlank(), "runner name must not be blank");
        return new ProcessRunner(name, scheduler);
    }

    /** Runs {@code argv} once with no input, on a runner of its own; see {@link #run(List, Duration, byte[])}. */
    public static Result run(List<String> argv, Duration timeout) {
        return run(argv, timeout, null);
    }

    /**
     * Runs {@code argv} (program first) once, feeding {@code stdin} if not null, and waits at most
     * {@code timeout}, keeping 4 MiB of each output stream; on a runner of its own, closed before
     * this returns (for occasional programs such as {@code qemu-img}; a component that runs many
     * processes keeps a runner).
     *
     * @throws CommandException TIMEOUT when the watchdog killed it, CANCELLED when the thread was
     *                          interrupted (the program is killed), INTERNAL when it could not start
     */
    public static Result run(List<String> argv, Duration timeout, byte[] stdin) {
        try (ProcessRunner once = new ProcessRunner("process", null)) {
            return once.call(ProcessSpec.of(argv, timeout).withStdin(stdin));
        }
    }

    /**
     * Runs a process to its end and returns its exit code and bounded output, whatever the exit
     * code (the caller classifies it).
     *
     * @throws ProcessFailure NOT_STARTED, TIMED_OUT (the watchdog killed it), INTERRUPTED (the
     *                        thread was interrupted: the process was killed, the interrupt flag is
     *                        kept), OUTPUT_FAILED, CLOSED
     */
    public Result call(ProcessSpec spec) {
        Objects.requireNonNull(spec.timeout(), "a call needs a timeout");
        Execution ex = launch(spec, null);
        ex.feed();
        try {
            ex.finished().get();
        } catch (InterruptedException e) {
            ex.kill();
            Thread.currentThread().interrupt();
            throw new ProcessFailure(ProcessFailure.Kind.INTERRUPTED, spec.argv().get(0) + " was interrupted and killed",
                    e);
        } catch (ExecutionException e) {
            // given up on after a kill: result() says which
        }
        return ex.result();
    }

    /**
     * Starts a long-lived process and returns at once; its standard output goes to
     * {@code stdoutSink} (for example a Commons Exec {@code LogOutputStream} that reads lines), or
     * is kept up to the spec's bound when null. The owner waits for it ({@link Execution#await},
     * {@link Execution#finished()}) or kills it; the runner's {@link #close()} kills it too.
     *
     * @throws ProcessFailure NOT_STARTED, CLOSED
     */
    public Execution start(ProcessSpec spec, OutputStream stdoutSink) {
        Execution ex = launch(spec, stdoutSink);
        ex.feed();
        return ex;
    }

    /** Runs a short task (a restart) on the runner's threads. */
    public void execute(Runnable task) {
        if (closed) {
            throw new RejectedExecutionException("process runner " + name + " is closed");
        }
        io.execute(task);
    }

    /** The scheduler that times this runner's watchdogs. */
    public TaskScheduler scheduler() {
        return scheduler;
    }

    private Execution launch(ProcessSpec spec, OutputStream stdoutSink) {
        if (closed) {
            throw closedFailure(spec);
        }
        Process p;
        try {
            p = launcher.exec(new ExactCommandLine(spec.argv()), ENVIRONMENT);
        } catch (IOException | RuntimeException e) {
            throw new ProcessFailure(ProcessFailure.Kind.NOT_STARTED,
                    "could not start " + spec.argv().get(0) + ": " + e.getMessage(), e);
        }
        LOG.debug("started {} (pid {})", spec.argv(), p.pid());
        Execution ex = new Execution(this, spec, p, stdoutSink);
        live.add(ex);
        try {
            ex.begin(io, watchdogs);
        } catch (RejectedExecutionException e) {
            ex.kill();
            forget(ex);
            throw closedFailure(spec);
        }
        if (closed) {
            ex.closeUnder(); // closed while it was starting
        }
        return ex;
    }

    private ProcessFailure closedFailure(ProcessSpec spec) {
        return new ProcessFailure(ProcessFailure.Kind.CLOSED,
                spec.describe() + " not run: process runner " + name + " is closed", null);
    }

    Watchdogs watchdogs() {
        return watchdogs;
    }

    void forget(Execution ex) {
        live.remove(ex);
    }

    /** Processes started and not finished (for tests). */
    int running() {
        return live.size();
    }

    /**
     * Kills every process still running (their callers get CLOSED), waits up to
     * {@link #KILL_GRACE} for the pumps to end, and stops the runner's threads. Later calls fail
     * CLOSED. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        live.forEach(Execution::closeUnder);
        io.shutdown();
        try {
            if (!io.awaitTermination(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("process runner {}: output of a killed process still open after {}; stopping anyway", name,
                        KILL_GRACE);
                io.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            io.shutdownNow();
        }
        watchdogs.clear();
        if (ownScheduler != null) {
            ownScheduler.close();
        }
    }

    @Override
    public String toString() {
        return "ProcessRunner[" + name + (closed ? ", closed" : "") + "]";
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("LC_ALL", "C");
        return Map.copyOf(env);
    }
}
