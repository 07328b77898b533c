package org.iaasengine.bench;

import java.util.concurrent.TimeUnit;
import org.iaasengine.core.Action;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Engine;
import org.iaasengine.core.Key;
import org.iaasengine.core.Retry;
import org.iaasengine.core.Step;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine overhead: one action of 5 no-op commands run through the engine. The no-op commands
 * cost a few nanoseconds, so the time per operation divided by 5 is the engine's overhead per
 * command. Run with {@code bench/engine-overhead.sh}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineOverheadBenchmark {

    /** A command that does nothing but return a constant. */
    static final class NoOp implements Command<Integer> {
        private final int value;

        NoOp(int value) {
            this.value = value;
        }

        @Override
        public Integer execute(CommandContext ctx) {
            return value;
        }

        @Override
        public String name() {
            return "noop" + value;
        }
    }

    private Engine engine;
    private Engine engineWithListener;
    private Action<Integer> fiveNoOps;
    private Action<Integer> fiveNoOpsWithRetryPolicy;
    private final NoOp[] direct = {new NoOp(1), new NoOp(2), new NoOp(3), new NoOp(4), new NoOp(5)};

    @Setup(Level.Trial)
    public void setUp() {
        engine = Engine.builder().workers(2).build();
        engineWithListener = Engine.builder().workers(2).listener(e -> { }).build();
        fiveNoOps = plan(Retry.none());
        fiveNoOpsWithRetryPolicy = plan(Retry.builder().maxAttempts(3).build());
    }

    private static Action<Integer> plan(Retry retry) {
        Action.Builder<Integer> b = Action.<Integer>builder("noop", "vm:bench").retry(retry);
        Key<Integer> last = null;
        for (int i = 1; i <= 5; i++) {
            last = Key.of("k" + i, Integer.class);
            b.step(Step.of(last, new NoOp(i)));
        }
        return b.resultFrom(last).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        engineWithListener.close();
    }

    /** The five commands called directly: the floor. */
    @Benchmark
    public int baselineDirectCalls() throws Exception {
        int sum = 0;
        for (NoOp c : direct) {
            sum += c.execute(null);
        }
        return sum;
    }

    /**
     * Per operation: the action built (its 5 steps, keys and commands) and then run, as TaskFlow's
     * {@code engines.run(flow)} loads (compiles) a flow and runs it each time.
     */
    @Benchmark
    public Integer buildAndRun() {
        return engine.run(plan(Retry.none()));
    }

    /**
     * Steady state: a built action run again (TaskFlow's peer: a loaded engine reset and run). The
     * action runs on the caller's thread when its lane is idle.
     */
    @Benchmark
    public Integer runBlocking() {
        return engine.run(fiveNoOps);
    }

    /** A blocking run with a listener, so every event record is built and delivered. */
    @Benchmark
    public Integer runBlockingWithListener() {
        return engineWithListener.run(fiveNoOps);
    }

    /**
     * A blocking run where every step has a retry policy; every first attempt succeeds, so it runs
     * directly and no retry machinery is built.
     */
    @Benchmark
    public Integer runBlockingWithRetryPolicy() {
        return engine.run(fiveNoOpsWithRetryPolicy);
    }

    /** Submit and wait: the action is handed to a worker thread and back. */
    @Benchmark
    public Integer submitAndJoin() {
        return engine.submit(fiveNoOps).join();
    }
}
