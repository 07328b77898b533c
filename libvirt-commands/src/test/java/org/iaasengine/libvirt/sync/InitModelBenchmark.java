package org.iaasengine.libvirt.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.RealHosts;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.store.StoredDefinition;
import org.iaasengine.libvirt.virsh.VirshDriver;
import org.iaasengine.model.ModelChange;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.VmState;

/**
 * The InitModel benchmark on host 1's real libvirtd (run by {@code bench/init-model.sh}): creates
 * 50 paused 32 MiB TCG domains {@code iaas-bench-NN} the way the library does (definition stored,
 * transient domain created), then measures, in one run:
 * <ol>
 * <li>InitModel, warm, in process, libvirt-java driver (median/min/max of N runs);</li>
 * <li>InitModel with the virsh driver;</li>
 * <li>the GSN-style shell loop ({@code virsh nodeinfo}, {@code virsh list}, then {@code domiflist}
 * and {@code dominfo} per benchmark VM, one virsh process each, as argument arrays; other domains on
 * the shared host are left out of its loop but not out of the library's InitModel, which makes the
 * comparison err in the loop's favour);</li>
 * <li>from a {@code virsh destroy} outside the library to the model showing the VM off (20 VMs).</li>
 * </ol>
 * Prints a table; destroys the 50 domains at the end, also on failure. Not a unit test.
 */
public final class InitModelBenchmark {
    private static final String URI = RealHosts.HOST1;
    private static final String PREFIX = "iaas-bench-";

    private InitModelBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int vms = intArg(args, 0, 50);
        int runs = intArg(args, 1, 30);
        Path storeDir = Files.createTempDirectory("iaas-bench-store");
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= vms; i++) {
            names.add(String.format("%s%02d", PREFIX, i));
        }
        LibvirtJavaDriver java = LibvirtJavaDriver.open(URI);
        VirshDriver virsh = VirshDriver.open(URI);
        try {
            cleanUp(java);
            DefinitionStore store = DefinitionStore.open(storeDir);
            long t0 = System.nanoTime();
            createAll(java, store, names);
            System.out.printf("created %d paused 32 MiB TCG domains in %.1f s%n", vms, secondsSince(t0));

            List<String[]> table = new ArrayList<>();
            double[] jna = retrying(java, () -> initModel(java, store, runs, 5));
            table.add(row("InitModel, libvirt-java driver, warm, in process", jna, runs));
            double[] vir = retrying(java, () -> initModel(virsh, store, Math.max(5, runs / 3), 2));
            table.add(row("InitModel, virsh driver, warm", vir, Math.max(5, runs / 3)));
            double[] gsn = retrying(java, () -> gsnLoop(3));
            table.add(row("GSN-style shell loop (1 virsh process per call)", gsn, 3));

            Latency lat = retrying(java, () -> destroyLatency(java, store, active(java, Math.min(20, vms))));
            table.add(row("virsh destroy started -> model off", lat.fromStart, lat.fromStart.length));
            table.add(row("virsh destroy returned -> model off (<0: model first)", lat.fromExit, lat.fromExit.length));
            table.add(row("event received -> model off (the library's part)", lat.fromEvent, lat.fromEvent.length));

            System.out.println();
            System.out.printf("%-58s %10s %10s %10s %5s%n", "measurement (" + vms + " domains)", "median ms", "min ms",
                    "max ms", "runs");
            for (String[] r : table) {
                System.out.printf("%-58s %10s %10s %10s %5s%n", (Object[]) r);
            }
            System.out.println();
            System.out.printf("virsh-driver InitModel is %.0f times faster than the GSN-style loop (medians)%n",
                    median(gsn) / median(vir));
            System.out.printf("libvirt-java InitModel is %.0f times faster than the GSN-style loop (medians)%n",
                    median(gsn) / median(jna));
        } finally {
            cleanUp(java);
            java.close();
            virsh.close();
        }
    }

    private static int intArg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void createAll(LibvirtDriver driver, DefinitionStore store, List<String> names) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                String mac = String.format("52:54:00:be:%02x:%02x", i / 256, i % 256);
                done.add(pool.submit(() -> {
                    String uuid = UUID.randomUUID().toString();
                    String xml = RealHosts.tinyDomainXml(name, mac).replace("<name>", "<uuid>" + uuid + "</uuid><name>");
                    store.put(new StoredDefinition(name, uuid, "host-1", Lifecycle.TRANSIENT, null, List.of(), null,
                            xml));
                    driver.create(xml, true);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** A measurement that may be cut short by someone else's restart of the shared libvirtd. */
    @FunctionalInterface
    private interface Phase<T> {
        T run() throws Exception;
    }

    /**
     * Runs a phase; when host 1's libvirtd goes away meanwhile (other test suites on this machine
     * restart it), waits for the driver to reconnect and measures again, up to 3 times.
     */
    private static <T> T retrying(LibvirtJavaDriver driver, Phase<T> phase) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return phase.run();
            } catch (DriverException | IllegalStateException e) {
                if (attempt == 3) {
                    throw e;
                }
                System.out.printf("phase cut short (%s); measuring again after the reconnect%n", e.getMessage());
                awaitConnected(driver);
            }
        }
    }

    private static void awaitConnected(LibvirtJavaDriver driver) throws InterruptedException {
        if (!RealHosts.await(Duration.ofSeconds(90), driver::isConnected)) {
            throw new IllegalStateException("host 1 libvirtd did not come back within 90 s");
        }
    }

    /** {@code n} benchmark domains that still run (a restart elsewhere may have cut a phase short). */
    private static List<String> active(LibvirtDriver driver, int n) {
        return driver.listDomains().stream().filter(d -> d.name().startsWith(PREFIX) && d.state().isActive())
                .map(DomainSummary::name).sorted().limit(n).toList();
    }

    /** Destroys every iaas-bench-* domain, four at a time. */
    private static void cleanUp(LibvirtJavaDriver driver) throws InterruptedException {
        awaitConnected(driver);
        List<String> bench = driver.listDomains().stream().map(DomainSummary::name).filter(n -> n.startsWith(PREFIX))
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (String n : bench) {
            pool.submit(() -> {
                try {
                    driver.destroy(n);
                } catch (DriverException gone) {
                    // already off
                }
                try {
                    driver.undefine(n);
                } catch (DriverException transientOrGone) {
                    // transient
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        if (!bench.isEmpty()) {
            System.out.printf("destroyed %d iaas-bench domains%n", bench.size());
        }
    }

    /** Milliseconds of each measured InitModel on a fresh model per run, after warm-up runs. */
    private static double[] initModel(LibvirtDriver driver, DefinitionStore store, int runs, int warmup) {
        LibvirtHost host = LibvirtHost.builder("host-1", driver).domainType("qemu").store(store).build();
        try (HostMonitor monitor = HostMonitor.builder(host, new ResourceModel()).build()) {
            for (int i = 0; i < warmup; i++) {
                monitor.initModel();
            }
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                SyncReport r = monitor.initModel();
                ms[i] = (System.nanoTime() - t0) / 1e6;
                if (r.listed() < 50) {
                    throw new IllegalStateException("only " + r.listed() + " domains listed");
                }
            }
            return ms;
        }
    }

    /** The GSN InitModel as a loop of virsh processes: nodeinfo, list, then domiflist + dominfo per VM. */
    private static double[] gsnLoop(int runs) throws IOException, InterruptedException {
        double[] ms = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            virsh("nodeinfo");
            String list = virsh("list");
            List<String> vms = new ArrayList<>();
            for (String line : list.split("\n")) {
                String[] cols = line.trim().split("\\s+");
                // Only the benchmark's VMs: other domains on this shared host may vanish mid-loop.
                if (cols.length >= 3 && cols[0].matches("\\d+") && cols[1].startsWith(PREFIX)) {
                    vms.add(cols[1]);
                }
            }
            for (String vm : vms) {
                virsh("domiflist", vm);
                virsh("dominfo", vm);
            }
            ms[r] = (System.nanoTime() - t0) / 1e6;
            if (vms.size() < 50) {
                throw new IllegalStateException("the shell loop saw only " + vms.size() + " VMs");
            }
        }
        return ms;
    }

    private static String virsh(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("virsh", "-c", URI));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    private record Latency(double[] fromStart, double[] fromExit, double[] fromEvent) {
    }

    /** For each VM: run {@code virsh destroy}, wait for the model to show it off, record the times. */
    private static Latency destroyLatency(LibvirtJavaDriver driver, DefinitionStore store, List<String> names)
            throws Exception {
        LibvirtHost host = LibvirtHost.builder("host-1", driver).domainType("qemu").store(store).build();
        ResourceModel model = new ResourceModel();
        Map<String, Long> offAt = new ConcurrentHashMap<>();
        Map<String, Long> eventAt = new ConcurrentHashMap<>();
        model.addListener(c -> {
            if (c instanceof ModelChange.VmUpdated u && u.after().state() == VmState.SHUTOFF
                    && u.before().state() != VmState.SHUTOFF) {
                offAt.putIfAbsent(u.after().name(), System.nanoTime());
            }
        });
        double[] fromStart = new double[names.size()];
        double[] fromExit = new double[names.size()];
        double[] fromEvent = new double[names.size()];
        try (HostMonitor monitor = HostMonitor.builder(host, model).build()) {
            monitor.initModel();
            monitor.start();
            // subscribed after the monitor: called right after the monitor's own callback enqueued
            try (AutoCloseable sub = driver.subscribe(e -> eventAt.putIfAbsent(e.name(), System.nanoTime()))) {
                if (!monitor.awaitIdle(Duration.ofSeconds(30))) {
                    throw new IllegalStateException("monitor not idle after start");
                }
                for (int i = 0; i < names.size(); i++) {
                    String n = names.get(i);
                    long t0 = System.nanoTime();
                    virsh("destroy", n);
                    long exited = System.nanoTime();
                    if (!RealHosts.await(Duration.ofSeconds(10), () -> offAt.containsKey(n))) {
                        throw new IllegalStateException("the model did not show " + n + " off within 10 s");
                    }
                    long off = offAt.get(n);
                    fromStart[i] = (off - t0) / 1e6;
                    fromExit[i] = (off - exited) / 1e6;
                    fromEvent[i] = (off - eventAt.getOrDefault(n, off)) / 1e6;
                }
            }
        }
        return new Latency(fromStart, fromExit, fromEvent);
    }

    private static String[] row(String what, double[] ms, int runs) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return new String[] {what, fmt(median(ms)), fmt(s[0]), fmt(s[s.length - 1]), Integer.toString(runs)};
    }

    private static String fmt(double v) {
        return Math.abs(v) < 100 ? String.format("%.2f", v) : String.format("%.0f", v);
    }

    private static double median(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
