package org.iaasengine.libvirt.exec;

import org.iaasengine.core.InvalidInputException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an external program (for example {@code qemu-img}) with an argument array, never a shell:
 * {@code LC_ALL=C}, a watchdog that kills it when its timeout passes, bounded capture of its
 * output, and a thread interrupt that kills it at once.
 *
 * <pre>{@code
 * ProcessRunner.Result r = ProcessRunner.run(List.of("qemu-img", "info", "--output=json", path),
 *         Duration.ofSeconds(30));
 * if (r.exitCode() != 0) { ... r.stderr() ... }
 * }</pre>
 */
public final class ProcessRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRunner.class);
    private static final int MAX_CAPTURE = 4 * 1024 * 1024;

    /**
     * What a finished program left.
     *
     * @param exitCode its exit code
     * @param stdout   its standard output (UTF-8, at most 4 MiB kept)
     * @param stderr   its standard error (UTF-8, at most 4 MiB kept)
     */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private ProcessRunner() {
    }

    /** Runs {@code argv} with no input. */
    public static Result run(List<String> argv, Duration timeout) {
        return run(argv, timeout, null);
    }

    /**
     * Runs {@code argv} (program first), feeding {@code stdin} if not null, and waits at most
     * {@code timeout}.
     *
     * @throws CommandException TIMEOUT when the watchdog killed it, CANCELLED when the thread was
     *                          interrupted (the program is killed), INTERNAL when it could not start
     */
    public static Result run(List<String> argv, Duration timeout, byte[] stdin) {
        InvalidInputException.check(!argv.isEmpty(), "no program to run");
        InvalidInputException.check(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive: %s",
                timeout);
        CommandLine cl = new CommandLine(argv.get(0));
        for (String arg : argv.subList(1, argv.size())) {
            cl.addArgument(arg, false);
        }
        BoundedBuffer out = new BoundedBuffer();
        BoundedBuffer err = new BoundedBuffer();
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(timeout).get();
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setExitValues(null); // every exit code is a result, classified by the caller
        executor.setWatchdog(watchdog);
        executor.setStreamHandler(new PumpStreamHandler(out, err,
                stdin == null ? null : new ByteArrayInputStream(stdin)));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("LC_ALL", "C");
        DefaultExecuteResultHandler handler = new DefaultExecuteResultHandler();
        long t0 = System.nanoTime();
        try {
            executor.execute(cl, env, handler);
        } catch (IOException e) {
            throw new CommandException(FailureCategory.INTERNAL, "could not start " + argv.get(0) + ": " + e.getMessage(),
                    e);
        }
        try {
            handler.waitFor();
        } catch (InterruptedException e) {
            watchdog.destroyProcess();
            Thread.currentThread().interrupt();
            throw new CommandException(FailureCategory.CANCELLED, argv.get(0) + " was interrupted and killed", e);
        }
        LOG.debug("{} exited {} in {} ms", argv, handler.getExitValue(), (System.nanoTime() - t0) / 1_000_000);
        if (watchdog.killedProcess()) {
            throw new CommandException(FailureCategory.TIMEOUT,
                    argv.get(0) + " " + (argv.size() > 1 ? argv.get(1) : "") + " did not finish within " + timeout
                            + " and was killed");
        }
        return new Result(handler.getExitValue(), out.text(), err.text());
    }

    /** An output stream that keeps at most 4 MiB and drops the rest. */
    private static final class BoundedBuffer extends OutputStream {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (buf.size() < MAX_CAPTURE) {
                buf.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = MAX_CAPTURE - buf.size();
            if (room > 0) {
                buf.write(b, off, Math.min(room, len));
            }
        }

        synchronized String text() {
            return buf.toString(StandardCharsets.UTF_8);
        }
    }
}
