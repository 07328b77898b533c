package org.iaasengine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * Scenario 3: client overhead on the real daemon. (a) 100 rounds of suspend, resume, domstate,
 * dominfo on one running domain; (b) 10 rounds of create, suspend, resume, destroy. Each through
 * our libvirt-java driver, our virsh driver and a plain virsh shell script; the three alternate,
 * in a rotating order, {@code reps} times.
 */
public final class ClientOverheadScenario {
    private ClientOverheadScenario() {
    }

    /** A side of the comparison: runs the whole loop once. */
    private interface Side {
        void run() throws Exception;
    }

    /** Rounds per sample in 3a: the sides take turns every this many rounds. */
    static final int FAST_BLOCK = 10;

    /**
     * 3a: per rep, {@code rounds} rounds per side, in blocks of {@link #FAST_BLOCK} rounds; the
     * three sides take turns block by block in a rotating order, so that the shared machine's slow
     * seconds fall on all of them alike. Each block is one sample, in ms per round (4 calls).
     */
    public static List<Row> runFast(BenchContext ctx, LibvirtDriver java, LibvirtDriver virsh, int rounds) {
        String name = ctx.name("ops");
        java.create(PerfDomains.tinyXml(name), false);
        try {
            settle();
            Samples j = new Samples("ms");
            Samples v = new Samples("ms");
            Samples s = new Samples("ms");
            int block = Math.min(FAST_BLOCK, rounds);
            // Warm both drivers (JIT, connection); the shell script has nothing to warm.
            fastOps(java, name, rounds);
            fastOps(virsh, name, 2);
            List<Side> sides = List.of(
                    () -> j.add(timeMs(() -> fastOps(java, name, block)) / block),
                    () -> v.add(timeMs(() -> fastOps(virsh, name, block)) / block),
                    () -> ctx.peers().run("bash", "virsh_fast_ops.sh", ctx.uri(), name, Integer.toString(block))
                            .forEach(ns -> s.add(ns / 1e6 / block)));
            Runnable cleanup = () -> ensureRunning(java, name);
            int blocks = ctx.reps() * Math.max(1, rounds / block);
            for (int b = 0; b < blocks; b++) {
                if (b % 5 == 0) {
                    Bench.log("scenario 3a: blocks %d-%d/%d", b + 1, Math.min(b + 5, blocks), blocks);
                }
                for (int k = 0; k < sides.size(); k++) {
                    Bench.round("scenario 3a", cleanup, sides.get((b + k) % sides.size())::run);
                }
            }
            List<Row> rows = new ArrayList<>();
            String what = "3a fast ops (suspend, resume, domstate, dominfo), per round";
            String how = blocks + " blocks of " + block + " rounds per side, interleaved block by block";
            rows.add(new Row(what + ": libvirt-java", "libvirt-java driver", j, "plain virsh script", s, 5, how));
            rows.add(new Row(what + ": virsh", "virsh driver", v, "plain virsh script", s, 1 / 1.10,
                    "target: virsh driver within 10% of the plain script (ratio >= 0.909)"));
            return rows;
        } finally {
            PerfDomains.destroyAll(java, List.of(name), 1);
        }
    }

    public static List<Row> runLifecycle(BenchContext ctx, LibvirtDriver java, LibvirtDriver virsh, int rounds)
            throws IOException {
        String name = ctx.name("life");
        String xml = PerfDomains.tinyXml(name);
        Path xmlFile = Files.writeString(ctx.workDir().resolve(name + ".xml"), xml);
        try {
            Samples j = new Samples("s");
            Samples v = new Samples("s");
            Samples s = new Samples("s");
            lifecycle(java, name, xml, 1);
            // Each round is one sample; the three sides take turns round by round (rotating
            // order), so a slow minute on the shared machine hits all of them alike.
            List<Side> sides = List.of(
                    () -> j.add(timeMs(() -> lifecycle(java, name, xml, 1)) / 1000),
                    () -> v.add(timeMs(() -> lifecycle(virsh, name, xml, 1)) / 1000),
                    () -> ctx.peers().run("bash", "virsh_lifecycle.sh", ctx.uri(), name, xmlFile.toString(), "1")
                            .forEach(ns -> s.add(ns / 1e9)));
            Runnable cleanup = () -> PerfDomains.destroyAll(java, List.of(name), 1);
            for (int round = 0; round < rounds; round++) {
                if (round % 5 == 0) {
                    Bench.log("scenario 3b: rounds %d-%d/%d", round + 1, Math.min(round + 5, rounds), rounds);
                }
                for (int k = 0; k < sides.size(); k++) {
                    Bench.round("scenario 3b", cleanup, sides.get((round + k) % sides.size())::run);
                }
            }
            List<Row> rows = new ArrayList<>();
            String what = "3b lifecycle (create, suspend, resume, destroy), per round";
            rows.add(new Row(what + ": libvirt-java", "libvirt-java driver", j, "plain virsh script", s, 1 / 1.05,
                    rounds + " rounds per side, interleaved round by round; target: no more than 5% slower than the"
                            + " plain script (ratio >= 0.952)"));
            rows.add(new Row(what + ": virsh", "virsh driver", v, "plain virsh script", s, 1 / 1.05, null));
            return rows;
        } finally {
            PerfDomains.destroyAll(java, List.of(name), 1);
        }
    }

    /** The fast-ops domain exists and runs (after a daemon restart it may be paused or gone). */
    private static void ensureRunning(LibvirtDriver d, String name) {
        var found = d.lookup(name);
        if (found.isEmpty()) {
            d.create(PerfDomains.tinyXml(name), false);
            settle();
        } else if (found.get().state() == org.iaasengine.libvirt.driver.DomainState.PAUSED) {
            d.resume(name);
        }
    }

    /** A fresh TCG domain burns a CPU for about 6 s while its firmware boots: let that pass. */
    private static void settle() {
        try {
            Thread.sleep(7000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void fastOps(LibvirtDriver d, String name, int rounds) {
        for (int i = 0; i < rounds; i++) {
            d.suspend(name);
            d.resume(name);
            d.state(name);
            d.info(name);
        }
    }

    static void lifecycle(LibvirtDriver d, String name, String xml, int rounds) {
        for (int i = 0; i < rounds; i++) {
            d.create(xml, false);
            d.suspend(name);
            d.resume(name);
            d.destroy(name);
        }
    }

    private interface Work {
        void run() throws Exception;
    }

    private static double timeMs(Work w) throws Exception {
        long t0 = System.nanoTime();
        w.run();
        return (System.nanoTime() - t0) / 1e6;
    }
}
