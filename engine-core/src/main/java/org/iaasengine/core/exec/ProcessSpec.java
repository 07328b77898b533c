package org.iaasengine.core.exec;

import com.google.common.base.Preconditions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to run: the program and its arguments as an array (never a shell string: each element
 * reaches the program as one argument, untouched), the bytes for its standard input, its timeout,
 * and how much of its output to keep.
 *
 * <pre>{@code
 * ProcessSpec spec = ProcessSpec.of(List.of("qemu-img", "info", "--output=json", path), Duration.ofSeconds(30))
 *         .withStdin(bytes)
 *         .withLimits(16 << 20, 64 << 10);
 * }</pre>
 *
 * @param argv      the program first, then its arguments
 * @param stdin     bytes written to its standard input, or null (its standard input is closed)
 * @param timeout   how long it may run before the watchdog kills it; null only for a long-lived
 *                  process started with {@link ProcessRunner#start} that runs until it is killed
 *                  (an event stream: its owner's {@code close()} is its end)
 * @param maxStdout the most standard output kept; the rest is dropped and counted
 * @param maxStderr the most standard error kept
 */
public record ProcessSpec(List<String> argv, byte[] stdin, Duration timeout, int maxStdout, int maxStderr) {
    /** The output kept by default: 4 MiB of each stream. */
    public static final int DEFAULT_MAX_OUTPUT = 4 * 1024 * 1024;

    public ProcessSpec {
        Objects.requireNonNull(argv, "argv");
        Preconditions.checkArgument(!argv.isEmpty(), "no program to run");
        argv = List.copyOf(argv);
        Preconditions.checkArgument(!argv.get(0).isBlank(), "the program must not be blank");
        Preconditions.checkArgument(timeout == null || (!timeout.isNegative() && !timeout.isZero()),
                "timeout must be positive: %s", timeout);
        Preconditions.checkArgument(maxStdout > 0 && maxStderr > 0, "output limits must be positive: %s, %s",
                maxStdout, maxStderr);
    }

    /** {@code argv} with no input, killed after {@code timeout}, keeping 4 MiB of each stream. */
    public static ProcessSpec of(List<String> argv, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return new ProcessSpec(argv, null, timeout, DEFAULT_MAX_OUTPUT, DEFAULT_MAX_OUTPUT);
    }

    /**
     * {@code argv} with no timeout: a long-lived process for {@link ProcessRunner#start} that runs
     * until it exits, its owner kills it, or the runner is closed.
     */
    public static ProcessSpec untilKilled(List<String> argv) {
        return new ProcessSpec(argv, null, null, DEFAULT_MAX_OUTPUT, DEFAULT_MAX_OUTPUT);
    }

    /** The same with {@code bytes} for standard input (null: none). */
    public ProcessSpec withStdin(byte[] bytes) {
        return new ProcessSpec(argv, bytes, timeout, maxStdout, maxStderr);
    }

    /** The same keeping at most {@code stdout} and {@code stderr} bytes. */
    public ProcessSpec withLimits(int stdout, int stderr) {
        return new ProcessSpec(argv, stdin, timeout, stdout, stderr);
    }

    /** The program and its first argument, as messages name the process ({@code qemu-img info}). */
    String describe() {
        return argv.size() > 1 ? argv.get(0) + " " + argv.get(1) : argv.get(0);
    }

    @Override
    public String toString() {
        return "ProcessSpec" + argv + (stdin == null ? "" : " with " + stdin.length + " bytes of input")
                + (timeout == null ? ", until killed" : ", timeout " + timeout);
    }
}
