package org.iaasengine.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Scenario 1 (engine overhead per step: our engine under JMH vs a TaskFlow linear flow of 5 no-op
 * tasks on the serial engine) and 6b (the engine's allocation per action, JMH's GC profiler).
 * JMH forks and TaskFlow runs alternate, {@code reps} rounds.
 */
public final class EngineOverheadScenario {
    private static final int STEPS = 5;

    private EngineOverheadScenario() {
    }

    public static List<Row> run(BenchContext ctx) {
        Samples blocking = new Samples("us/step");
        Samples retry = new Samples("us/step");
        Samples submit = new Samples("us/step");
        Samples alloc = new Samples("B/action");
        Samples allocRetry = new Samples("B/action");
        Samples buildAndRun = new Samples("us/step");
        Samples taskflow = new Samples("us/task");
        Samples taskflowSteady = new Samples("us/task");
        for (int round = 0; round < ctx.reps(); round++) {
            Bench.log("scenario 1: round %d/%d, JMH", round + 1, ctx.reps());
            for (RunResult r : jmh()) {
                String method = r.getParams().getBenchmark().replaceAll(".*\\.", "");
                for (BenchmarkResult br : r.getBenchmarkResults()) {
                    for (IterationResult it : br.getIterationResults()) {
                        double perStep = it.getPrimaryResult().getScore() / STEPS / 1000.0;
                        Result<?> norm = it.getSecondaryResults().get("gc.alloc.rate.norm");
                        switch (method) {
                            case "runBlocking" -> {
                                blocking.add(perStep);
                                if (norm != null) {
                                    alloc.add(norm.getScore());
                                }
                            }
                            case "runBlockingWithRetryPolicy" -> {
                                retry.add(perStep);
                                if (norm != null) {
                                    allocRetry.add(norm.getScore());
                                }
                            }
                            case "submitAndJoin" -> submit.add(perStep);
                            case "buildAndRun" -> buildAndRun.add(perStep);
                            default -> { }
                        }
                    }
                }
            }
            Bench.log("scenario 1: round %d/%d, TaskFlow", round + 1, ctx.reps());
            for (double ns : ctx.peers().run("/usr/bin/python3", "taskflow_overhead.py", "3", "200", "per-op")) {
                taskflow.add(ns / 1000.0);
            }
            for (double ns : ctx.peers().run("/usr/bin/python3", "taskflow_overhead.py", "3", "200", "steady")) {
                taskflowSteady.add(ns / 1000.0);
            }
        }
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("1  per operation: build an action and run it / load a flow and run it", "build+run",
                buildAndRun, "engines.run", taskflow, 100,
                "5 no-op commands per action; time per action / 5; TaskFlow serial engine"));
        rows.add(new Row("1  steady state: run a built action again / reset and run a loaded engine", "Engine.run",
                blocking, "reset+run", taskflowSteady, 100, null));
        rows.add(new Row("1  steady state, every step with a Retry", "Engine.run+retry", retry, "reset+run",
                taskflowSteady, 100, null));
        rows.add(Row.info("1  steady state, submit + join (worker hand-off)", "Engine.submit", submit,
                "reset+run", taskflowSteady, "includes one thread hand-off per action, spread over 5 steps"));
        rows.add(Row.info("6b engine allocation per action (5 steps)", "run", alloc, null, null,
                "JMH -prof gc, gc.alloc.rate.norm of runBlocking"));
        rows.add(Row.info("6b engine allocation per action, every step with a Retry", "run+retry", allocRetry, null,
                null, null));
        return rows;
    }

    private static Collection<RunResult> jmh() {
        Options opt = new OptionsBuilder()
                .include(EngineOverheadBenchmark.class.getName()
                        + "\\.(buildAndRun|runBlocking|runBlockingWithRetryPolicy|submitAndJoin)$")
                .forks(1)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(1))
                .addProfiler(GCProfiler.class)
                .verbosity(VerboseMode.SILENT)
                .build();
        try {
            return new Runner(opt).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH failed", e);
        }
    }
}
