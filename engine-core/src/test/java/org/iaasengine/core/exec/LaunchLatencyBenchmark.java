package org.iaasengine.core.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Launch latency of a short virsh call, before and after the runners were merged, in one JVM
 * session: {@code virsh -c test:///default version} (no daemon involved) run N times through each
 * path, alternating call by call after a warm-up, so that machine load hits both alike.
 * <ul>
 * <li><b>before</b>: the short-call path of the former {@code VirshRunner.run}, copied here
 *     verbatim in substance: {@code ProcessBuilder.start} on the caller, stdout and stderr drained
 *     by a static cached pool, a timed wait on the stdout pump, then {@code waitFor};</li>
 * <li><b>after</b>: {@link ProcessRunner#call}: Commons Exec's launcher on the caller, its stream
 *     pumpers on the runner's pool, its watchdog timed by the scheduler;</li>
 * <li><b>reference</b>: Commons Exec's own {@code DefaultExecutor.execute} (synchronous, with a
 *     30 s {@code ExecuteWatchdog} and a {@code PumpStreamHandler}: a watchdog thread and pump
 *     threads created per call), the path the runner does not take.</li>
 * </ul>
 * Prints median, mean, p90, min and max per side in ms. Not a unit test:
 * {@code java -cp ... org.iaasengine.core.exec.LaunchLatencyBenchmark [calls=200] [uri=test:///default]}.
 */
public final class LaunchLatencyBenchmark {

    private LaunchLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String uri = args.length > 1 ? args[1] : "test:///default";
        List<String> argv = List.of("virsh", "-c", uri, "version");
        Duration timeout = Duration.ofSeconds(30);
        long[] before = new long[calls];
        long[] after = new long[calls];
        long[] executor = new long[calls];
        try (ProcessRunner runner = ProcessRunner.create("bench", null)) {
            ProcessSpec spec = new ProcessSpec(argv, null, timeout, 16 * 1024 * 1024, 64 * 1024);
            for (int i = 0; i < 20; i++) { // warm-up, both paths
                check(OldShortCall.run(argv, timeout));
                ProcessRunner.Result r = runner.call(spec);
                check(r.exitCode(), r.stdout());
                check(DefaultExecutorCall.run(argv, timeout));
            }
            for (int i = 0; i < calls; i++) {
                for (int k = 0; k < 3; k++) {
                    int side = (i + k) % 3;
                    long t0 = System.nanoTime();
                    if (side == 2) {
                        check(DefaultExecutorCall.run(argv, timeout));
                        executor[i] = System.nanoTime() - t0;
                    } else if (side == 0) {
                        check(OldShortCall.run(argv, timeout));
                        before[i] = System.nanoTime() - t0;
                    } else {
                        ProcessRunner.Result r = runner.call(spec);
                        after[i] = System.nanoTime() - t0;
                        check(r.exitCode(), r.stdout());
                    }
                }
            }
        }
        System.out.printf("launch latency of '%s', %d calls per side, taking turns, one JVM%n", String.join(" ", argv),
                calls);
        System.out.printf("%-58s %s%n", "side", "median   mean    p90     min     max  (ms)");
        print("before: ProcessBuilder + static pool (old VirshRunner.run)", before);
        print("after:  ProcessRunner.call (Commons Exec parts, pooled)", after);
        print("reference: Commons Exec DefaultExecutor.execute", executor);
        OldShortCall.IO.shutdown();
    }

    private static void check(String[] exitAndOut) {
        check(Integer.parseInt(exitAndOut[0]), exitAndOut[1]);
    }

    private static void check(int exit, String stdout) {
        if (exit != 0 || !stdout.contains("libvirt")) {
            throw new IllegalStateException("virsh version failed: exit " + exit + ": " + stdout);
        }
    }

    private static void print(String label, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0) / 1e6;
        System.out.printf("%-58s %6.2f %6.2f %6.2f %6.2f %7.2f%n", label, s[s.length / 2] / 1e6, mean,
                s[(int) (s.length * 0.9)] / 1e6, s[0] / 1e6, s[s.length - 1] / 1e6);
    }

    /** Commons Exec's executor as documented, for reference. */
    static final class DefaultExecutorCall {
        static String[] run(List<String> argv, Duration timeout) throws Exception {
            org.apache.commons.exec.CommandLine cl = new org.apache.commons.exec.CommandLine(argv.get(0));
            argv.subList(1, argv.size()).forEach(a -> cl.addArgument(a, false));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            org.apache.commons.exec.DefaultExecutor ex = org.apache.commons.exec.DefaultExecutor.builder().get();
            ex.setExitValues(null);
            ex.setWatchdog(org.apache.commons.exec.ExecuteWatchdog.builder().setTimeout(timeout).get());
            ex.setStreamHandler(new org.apache.commons.exec.PumpStreamHandler(out, err));
            int exit = ex.execute(cl, OldShortCall.ENV);
            return new String[] {Integer.toString(exit), out.toString(StandardCharsets.UTF_8)};
        }
    }

    /** The former short-call path of VirshRunner (before the runners were merged), for comparison only. */
    static final class OldShortCall {
        static final ExecutorService IO = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "old-virsh-io");
                    t.setDaemon(true);
                    return t;
                });
        private static final Map<String, String> ENV = env();

        private static Map<String, String> env() {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("LC_ALL", "C");
            return Map.copyOf(env);
        }

        /** Exit code and stdout. */
        static String[] run(List<String> argv, Duration timeout) throws Exception {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(argv));
            pb.environment().putAll(ENV);
            long deadline = System.nanoTime() + timeout.toNanos();
            Process p = pb.start();
            Future<Drained> err = IO.submit(() -> Drained.of(p.getErrorStream(), 64 * 1024));
            Future<Drained> out = IO.submit(() -> Drained.of(p.getInputStream(), 16 * 1024 * 1024));
            try (OutputStream stdin = p.getOutputStream()) {
                // no input
            }
            Drained o = out.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            err.get(5, TimeUnit.SECONDS);
            if (!p.waitFor(Math.max(TimeUnit.SECONDS.toNanos(5), deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out");
            }
            return new String[] {Integer.toString(p.exitValue()), o.text()};
        }

        private record Drained(byte[] kept, int length, long dropped) {
            static Drained of(InputStream in, int limit) throws IOException {
                byte[] buf = new byte[Math.min(limit, 8192)];
                int n = 0;
                long dropped = 0;
                byte[] sink = new byte[8192];
                try (in) {
                    while (true) {
                        if (n == buf.length && buf.length < limit) {
                            buf = Arrays.copyOf(buf, (int) Math.min(limit, buf.length * 2L));
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
    }
}
