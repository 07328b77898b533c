package org.iaasengine.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.commons.exec.LogOutputStream;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.spi.SystemScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one process runner with real programs ({@code sh}, {@code cat}, {@code sleep}): the
 * watchdog kills at the timeout, an interrupt kills at once, output is bounded, standard input is
 * fed, arguments arrive untouched, and {@link ProcessRunner#close()} kills what runs and leaves no
 * thread. Nothing here sleeps: a process tells the test it runs through a named pipe, and the test
 * waits for a process's end with {@code ProcessHandle.onExit()}.
 */
class ProcessRunnerTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final String name = "test-runner-" + System.nanoTime();
    private final ProcessRunner runner = ProcessRunner.create(name, null);

    @AfterEach
    void close() {
        runner.close();
    }

    private static ProcessSpec sh(String script, Duration timeout) {
        return ProcessSpec.of(List.of("sh", "-c", script), timeout);
    }

    /** A named pipe: the script writes its pid into it, the test's read blocks until it does. */
    private Path fifo() throws Exception {
        Path p = dir.resolve("ready-" + System.nanoTime());
        assertThat(ProcessRunner.run(List.of("mkfifo", p.toString()), Duration.ofSeconds(10)).exitCode()).isZero();
        return p;
    }

    private static void assertEnds(long pid) throws Exception {
        var handle = ProcessHandle.of(pid);
        if (handle.isPresent()) {
            handle.get().onExit().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCallReturnsItsExitCodeAndBothOutputsWhateverTheExitCode() {
        ProcessRunner.Result r = runner.call(sh("echo out; echo err >&2; exit 3", LONG));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(r.stdoutTruncated()).isFalse();
    }

    @Test
    void argumentsReachTheProgramExactlyAndTheLocaleIsC() {
        ProcessRunner.Result r = runner.call(ProcessSpec.of(List.of("sh", "-c",
                "printf '[%s]\\n' \"$@\"; printf '%s' \"$LC_ALL\"", "sh", " lead", "trail ", "", "a b", "$(id) `x` ;'\"",
                "${HOME}", "é日本"), LONG));
        assertThat(r.stdout()).isEqualTo("[ lead]\n[trail ]\n[]\n[a b]\n[$(id) `x` ;'\"]\n[${HOME}]\n[é日本]\nC");
    }

    @Test
    void standardInputIsFedAndClosed() {
        byte[] input = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8); // more than a pipe holds
        ProcessRunner.Result r = runner.call(ProcessSpec.of(List.of("cat"), LONG).withStdin(input));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).hasSize(1 << 20);
        assertThat(runner.call(ProcessSpec.of(List.of("cat"), LONG)).stdout()).isEmpty(); // no input: EOF at once
    }

    @Test
    void outputBeyondTheBoundIsDroppedAndSaid() {
        ProcessRunner.Result r = runner.call(ProcessSpec.of(List.of("head", "-c", "100000", "/dev/zero"), LONG)
                .withLimits(1000, 10));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).hasSize(1000);
        assertThat(r.stdoutTruncated()).isTrue();
        ProcessRunner.Result err = runner.call(sh("head -c 5000 /dev/zero >&2", LONG).withLimits(10, 100));
        assertThat(err.stderr()).hasSize(100);
    }

    @Test
    void theWatchdogKillsAProcessThatRunsPastItsTimeoutAndWhatItSpawned() throws Exception {
        Path pids = dir.resolve("pids");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> runner.call(sh("sleep 3701 & echo $! > " + pids + "; echo $$ >> " + pids
                + "; wait", Duration.ofMillis(300)))).isInstanceOfSatisfying(ProcessFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProcessFailure.Kind.TIMED_OUT);
                    assertThat(e.category()).isEqualTo(FailureCategory.TIMEOUT);
                    assertThat(e.getMessage()).contains("sh -c").contains("did not finish within PT0.3S");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        for (String pid : Files.readAllLines(pids)) {
            assertEnds(Long.parseLong(pid.strip())); // the shell and the sleep it spawned
        }
        assertThat(runner.running()).isZero();
    }

    @Test
    void theWatchdogsOfARunnerShareOneSchedulerTaskDueAtTheEarliestDeadline() throws Exception {
        AtomicInteger scheduled = new AtomicInteger();
        try (SystemScheduler clock = new SystemScheduler("iaas-test-watchdogs");
                ProcessRunner counted = ProcessRunner.create(name + "-counted", (task, delay) -> {
                    scheduled.incrementAndGet();
                    return clock.schedule(task, delay);
                })) {
            for (int i = 0; i < 20; i++) {
                assertThat(counted.call(ProcessSpec.of(List.of("true"), LONG)).exitCode()).isZero();
            }
            assertThat(scheduled.get()).isEqualTo(1); // not once per call: the timer thread is left alone

            Execution slow = counted.start(ProcessSpec.of(List.of("sleep", "3706"), LONG), null);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> counted.call(ProcessSpec.of(List.of("sleep", "3707"), Duration.ofMillis(300))))
                    .isInstanceOfSatisfying(ProcessFailure.class,
                            e -> assertThat(e.kind()).isEqualTo(ProcessFailure.Kind.TIMED_OUT));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(slow.isFinished()).isFalse(); // its own deadline is still far
            slow.kill();
            assertThat(slow.finished().get(5, TimeUnit.SECONDS)).isNotZero();
        }
    }

    @Test
    void anInterruptKillsTheProcessAtOnceAndKeepsTheFlag() throws Exception {
        Path ready = fifo();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                runner.call(sh("echo $$ > " + ready + "; exec sleep 3702", LONG));
            } catch (Throwable e) {
                failure.set(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        long pid = Long.parseLong(Files.readString(ready).strip()); // blocks until the script runs
        long t0 = System.nanoTime();
        caller.interrupt();
        caller.join(5_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        assertThat(failure.get()).isInstanceOfSatisfying(ProcessFailure.class, e -> {
            assertThat(e.kind()).isEqualTo(ProcessFailure.Kind.INTERRUPTED);
            assertThat(e.category()).isEqualTo(FailureCategory.CANCELLED);
        });
        assertThat(stillInterrupted.get()).isTrue();
        assertEnds(pid);
    }

    @Test
    void aCallOnAnInterruptedThreadKillsWhatItStarted() throws Exception {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> runner.call(ProcessSpec.of(List.of("sleep", "3703"), LONG)))
                    .isInstanceOfSatisfying(ProcessFailure.class,
                            e -> assertThat(e.kind()).isEqualTo(ProcessFailure.Kind.INTERRUPTED));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            if (child.info().arguments().map(a -> List.of(a).contains("3703")).orElse(false)) {
                child.onExit().get(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aProgramThatCannotStartIsNotStartedInternal() {
        assertThatThrownBy(() -> runner.call(ProcessSpec.of(List.of(dir.resolve("no-such-program").toString()),
                LONG))).isInstanceOfSatisfying(ProcessFailure.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProcessFailure.Kind.NOT_STARTED);
                    assertThat(e.category()).isEqualTo(FailureCategory.INTERNAL);
                    assertThat(e.getMessage()).contains("could not start").contains("no-such-program");
                });
    }

    @Test
    void aLongLivedProcessStreamsItsLinesToASinkAndItsEndIsAFuture() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Execution ex = runner.start(ProcessSpec.untilKilled(List.of("sh", "-c", "printf 'a\\nb é\\n'; echo oops >&2")),
                new LogOutputStream(0, StandardCharsets.UTF_8) {
                    @Override
                    protected void processLine(String line, int level) {
                        lines.add(line);
                    }
                });
        assertThat(ex.finished().get(10, TimeUnit.SECONDS)).isZero();
        assertThat(lines).containsExactly("a", "b é");
        assertThat(ex.stderrText()).isEqualTo("oops\n");
        assertThat(ex.result().exitCode()).isZero();
    }

    @Test
    void closingTheRunnerKillsWhatRunsFailsLaterCallsAndLeavesNoThread() throws Exception {
        Path ready = fifo();
        Execution ex = runner.start(ProcessSpec.untilKilled(List.of("sh", "-c", "echo $$ > " + ready
                + "; exec sleep 3704")), new ByteArrayOutputStream());
        long pid = Long.parseLong(Files.readString(ready).strip());
        assertThat(runner.call(ProcessSpec.of(List.of("true"), LONG)).exitCode()).isZero(); // pumps and timer used
        assertThat(threadsOf(name)).isNotEmpty();

        runner.close();

        assertEnds(pid);
        assertThat(ex.isFinished()).isTrue();
        assertThatThrownBy(ex::result).isInstanceOfSatisfying(ProcessFailure.class,
                e -> assertThat(e.kind()).isEqualTo(ProcessFailure.Kind.CLOSED));
        assertThatThrownBy(() -> runner.call(ProcessSpec.of(List.of("true"), LONG)))
                .isInstanceOfSatisfying(ProcessFailure.class, e -> assertThat(e.kind())
                        .isEqualTo(ProcessFailure.Kind.CLOSED));
        for (Thread t : threadsOf(name)) {
            t.join(2_000);
        }
        assertThat(threadsOf(name)).isEmpty();
    }

    @Test
    void theOneOffRunKeepsItsFormerContract() throws Exception {
        ProcessRunner.Result r = ProcessRunner.run(List.of("sh", "-c", "cat; echo done >&2"), Duration.ofSeconds(10),
                "in".getBytes(StandardCharsets.UTF_8));
        assertThat(r.stdout()).isEqualTo("in");
        assertThat(r.stderr()).isEqualTo("done\n");
        assertThatThrownBy(() -> ProcessRunner.run(List.of("sleep", "3705"), Duration.ofMillis(200)))
                .isInstanceOfSatisfying(CommandException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.TIMEOUT);
                    assertThat(e.getMessage()).isEqualTo("sleep 3705 did not finish within PT0.2S and was killed");
                });
        for (Thread t : threadsOf("process")) {
            t.join(2_000); // ended by the one-off runner's close; joined in case it is still unwinding
        }
        assertThat(threadsOf("process")).isEmpty();
    }

    private static Set<Thread> threadsOf(String runnerName) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("iaas-" + runnerName + "-"))
                .collect(Collectors.toSet());
    }
}
