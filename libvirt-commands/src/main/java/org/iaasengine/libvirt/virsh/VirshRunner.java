package org.iaasengine.libvirt.virsh;

import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.spi.TaskScheduler;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.core.exec.Execution;
import org.iaasengine.core.exec.ProcessFailure;
import org.iaasengine.core.exec.ProcessRunner;
import org.iaasengine.core.exec.ProcessSpec;

/**
 * Runs virsh processes through the library's {@link ProcessRunner}: {@code virsh -c URI ARG...}
 * as an argument array (no shell), {@code LC_ALL=C}, a watchdog on every process, bounded capture
 * of stdout and stderr, a thread interrupt kills the process (and anything it spawned) at once.
 * What it adds is virsh's words: failures become {@link DriverException}s naming the call, the
 * domain and the URI. Its threads (the runner's) are stopped by {@link #close()}.
 */
final class VirshRunner implements AutoCloseable {
    static final int MAX_STDERR = 64 * 1024;

    private final Path virsh;
    private final String uri;
    private final int maxStdout;
    private final ProcessRunner processes;

    VirshRunner(Path virsh, String uri, int maxStdout, TaskScheduler scheduler) {
        this.virsh = virsh;
        this.uri = uri;
        this.maxStdout = maxStdout;
        this.processes = ProcessRunner.create("virsh[" + uri + "]", scheduler);
    }

    String uri() {
        return uri;
    }

    ProcessRunner processes() {
        return processes;
    }

    /**
     * Runs the call to its end and returns what it printed, whatever its exit code. Fails with
     * TIMEOUT when it ran past {@code timeout} (it is killed), CANCELLED when the thread was
     * interrupted (the process is killed, the interrupt flag kept), INTERNAL when it could not start
     * or printed more than the output bound, INVALID_INPUT when the driver is closed.
     */
    VirshResult run(VirshCall call, Duration timeout) {
        ProcessRunner.Result r;
        try {
            r = processes.call(spec(call, timeout));
        } catch (ProcessFailure f) {
            throw translate(call, timeout, f);
        }
        if (r.stdoutTruncated()) {
            throw new DriverException(LibvirtError.UNKNOWN, FailureCategory.INTERNAL,
                    call.describe(uri) + " printed more than " + maxStdout + " bytes; output discarded", null);
        }
        return new VirshResult(r.exitCode(), r.stdout(), r.stderr());
    }

    /**
     * Starts a long-lived virsh process; the watchdog kills it after {@code watchdogTimeout} (null:
     * none, it runs until killed). Its stdout goes to {@code stdoutSink}, or is kept (bounded) when null.
     */
    Execution start(VirshCall call, Duration watchdogTimeout, OutputStream stdoutSink) {
        try {
            return processes.start(spec(call, watchdogTimeout), stdoutSink);
        } catch (ProcessFailure f) {
            throw translate(call, watchdogTimeout, f);
        }
    }

    /** The result of a finished long-lived process, or the failure that stands for it. */
    VirshResult result(Execution ex, VirshCall call, Duration timeout) {
        ProcessRunner.Result r;
        try {
            r = ex.result();
        } catch (ProcessFailure f) {
            throw translate(call, timeout, f);
        }
        if (r.stdoutTruncated()) {
            throw new DriverException(LibvirtError.UNKNOWN, FailureCategory.INTERNAL,
                    call.describe(uri) + " printed more than " + maxStdout + " bytes; output discarded", null);
        }
        return new VirshResult(r.exitCode(), r.stdout(), r.stderr());
    }

    private ProcessSpec spec(VirshCall call, Duration timeout) {
        List<String> argv = new ArrayList<>(call.args().size() + 3);
        argv.add(virsh.toString());
        argv.add("-c");
        argv.add(uri);
        argv.addAll(call.args());
        return new ProcessSpec(argv, call.stdin(), timeout, maxStdout, MAX_STDERR);
    }

    private DriverException translate(VirshCall call, Duration timeout, ProcessFailure f) {
        return switch (f.kind()) {
            case NOT_STARTED -> couldNotStart(call, f.getCause() == null ? f : f.getCause());
            case TIMED_OUT -> timedOut(call, timeout);
            case INTERRUPTED -> new DriverException(LibvirtError.UNKNOWN, FailureCategory.CANCELLED,
                    call.describe(uri) + " was interrupted; the virsh process was killed", f);
            case CLOSED -> new DriverException(LibvirtError.INVALID_CONN, FailureCategory.INVALID_INPUT,
                    call.describe(uri) + " failed: the driver is closed", f);
            case OUTPUT_FAILED -> new DriverException(LibvirtError.UNKNOWN, FailureCategory.INTERNAL,
                    call.describe(uri) + " failed reading its output: " + f.getMessage(), f);
        };
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

    /** Kills the driver's virsh processes still running and stops the runner's threads. */
    @Override
    public void close() {
        processes.close();
    }
}
