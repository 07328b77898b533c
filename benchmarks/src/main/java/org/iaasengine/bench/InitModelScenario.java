package org.iaasengine.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 2: InitModel of the 50 paused domains, warm and cold. Ours ({@link InitModelSide})
 * against python3-libvirt in process written as well as that API allows (node info, one
 * state-only bulk stats call, XML only for domains not seen before), against the floor (one raw
 * bulk call), and the virsh driver against the GSN shell loop (one virsh process per call).
 * Batches of ours and of the peers alternate.
 */
public final class InitModelScenario {
    private InitModelScenario() {
    }

    public static List<Row> run(BenchContext ctx, InitModelSide libvirtJava, InitModelSide cold, InitModelSide virsh) {
        Samples java = new Samples("ms");
        Samples javaCold = new Samples("ms");
        Samples python = new Samples("ms");
        Samples pythonCold = new Samples("ms");
        Samples floor = new Samples("ms");
        Samples virshDriver = new Samples("ms");
        Samples gsn = new Samples("ms");
        for (int i = 0; i < 20; i++) { // warm: JIT, connection, the definition store read once
            libvirtJava.initModel();
            cold.reset();
            cold.initModel();
        }
        virsh.initModel();
        for (int round = 0; round < ctx.reps(); round++) {
            Bench.log("scenario 2: round %d/%d", round + 1, ctx.reps());
            Runnable none = () -> { };
            Bench.round("scenario 2 libvirt-java warm", none, () -> {
                Samples batch = new Samples("ms");
                for (int i = 0; i < 20; i++) {
                    batch.add(timeMs(libvirtJava));
                }
                java.addAll(batch);
            });
            Bench.round("scenario 2 python3-libvirt warm", none, () -> ctx.peers()
                    .run("/usr/bin/python3", "initmodel_python.py", ctx.uri(), ctx.prefix(), "20", "warm")
                    .forEach(ns -> python.add(ns / 1e6)));
            Bench.round("scenario 2 raw bulk call (floor)", none, () -> ctx.peers()
                    .run("/usr/bin/python3", "initmodel_python.py", ctx.uri(), ctx.prefix(), "20", "floor")
                    .forEach(ns -> floor.add(ns / 1e6)));
            Bench.round("scenario 2 libvirt-java cold", none, () -> {
                Samples batch = new Samples("ms");
                for (int i = 0; i < 10; i++) {
                    cold.reset();
                    batch.add(timeMs(cold));
                }
                javaCold.addAll(batch);
            });
            Bench.round("scenario 2 python3-libvirt cold", none, () -> ctx.peers()
                    .run("/usr/bin/python3", "initmodel_python.py", ctx.uri(), ctx.prefix(), "10", "cold")
                    .forEach(ns -> pythonCold.add(ns / 1e6)));
            Bench.round("scenario 2 virsh driver", none, () -> {
                Samples batch = new Samples("ms");
                for (int i = 0; i < 3; i++) {
                    batch.add(timeMs(virsh));
                }
                virshDriver.addAll(batch);
            });
            Bench.round("scenario 2 GSN loop", none, () -> ctx.peers()
                    .run("bash", "gsn_initmodel.sh", ctx.uri(), ctx.prefix(), "1").forEach(ns -> gsn.add(ns / 1e6)));
        }
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("2  InitModel, 50 domains, warm: libvirt-java", libvirtJava.name(), java,
                "python3-libvirt", python, 1,
                "python: getInfo + one getAllDomainStats(state) + XMLDesc of domains not seen before (none, warm)"));
        rows.add(new Row("2  InitModel, 50 domains, cold (no cache, every XML read)", cold.name(), javaCold,
                "python3-libvirt", pythonCold, 1, "ours: empty definition store, new monitor; python: empty cache"));
        rows.add(new Row("2  InitModel, 50 domains, warm, against the floor", libvirtJava.name(), java,
                "one raw bulk call", floor, 0.5, "floor: one getAllDomainStats(state) call from python, nothing else;"
                        + " target: ours within 2x of it"));
        rows.add(new Row("2  InitModel, 50 domains, warm: virsh", virsh.name(), virshDriver, "GSN shell loop", gsn, 10,
                "GSN: nodeinfo, list, then domiflist + dominfo per domain, one virsh process each"));
        return rows;
    }

    private static double timeMs(InitModelSide side) {
        long t0 = System.nanoTime();
        int listed = side.initModel();
        double ms = (System.nanoTime() - t0) / 1e6;
        if (listed < 50) {
            throw new IllegalStateException(side.name() + " listed only " + listed + " domains");
        }
        return ms;
    }
}
