package org.iaasengine.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.iaasengine.core.Engine;
import org.iaasengine.journal.SqlJournal;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.sync.HostMonitor;
import org.iaasengine.model.ResourceModel;

/**
 * Scenario 7: what the durable journal adds to real libvirt fast operations. One running 32 MiB
 * TCG domain; a round is a suspend action then a resume action through the engine. One side's
 * engine writes a SQLite journal with synchronous FULL (an fsync per commit), one with NORMAL (no
 * fsync at commit), the third has none; they take turns block by block ({@value #BLOCK} rounds per block), in a rotating order. Each
 * block is one sample, in ms per round.
 */
public final class JournaledOpsScenario {
    static final int BLOCK = 10;

    private JournaledOpsScenario() {
    }

    public static List<Row> run(BenchContext ctx, LibvirtDriver java) throws Exception {
        String name = ctx.name("journal");
        Path storeDir = Files.createTempDirectory("iaas-perf-journal-store");
        Path dir = Files.createDirectories(Path.of("/var/tmp/iaas-engine/bench-journal"));
        Path file = dir.resolve("scenario7-" + ProcessHandle.current().pid() + ".db");
        Path fileNormal = dir.resolve("scenario7-normal-" + ProcessHandle.current().pid() + ".db");
        java.create(PerfDomains.tinyXml(name), false);
        try (SqlJournal journal = SqlJournal.sqlite(file).synchronous(SqlJournal.Synchronous.FULL).open();
                SqlJournal normal = SqlJournal.sqlite(fileNormal).synchronous(SqlJournal.Synchronous.NORMAL).open();
                Engine plain = Engine.builder().workers(2).build();
                Engine journaled = Engine.builder().workers(2).journal(journal).build();
                Engine journaledNormal = Engine.builder().workers(2).journal(normal).build()) {
            Thread.sleep(7000); // the fresh domain's firmware boot burns a CPU for a few seconds
            ResourceModel model = new ResourceModel();
            LibvirtHost host = LibvirtHost.builder("host1", java).domainType("qemu")
                    .store(DefinitionStore.open(storeDir)).build();
            try (HostMonitor m = HostMonitor.builder(host, model).build()) {
                m.initModel();
            }
            LibvirtActions actions = new LibvirtActions(model).actionTimeout(Duration.ofMinutes(1));
            Samples withJournal = new Samples("ms");
            Samples withNormal = new Samples("ms");
            Samples without = new Samples("ms");
            Bench.Round[] sides = {
                () -> withJournal.add(block(journaled, actions, host, name)),
                () -> withNormal.add(block(journaledNormal, actions, host, name)),
                () -> without.add(block(plain, actions, host, name)),
            };
            block(journaled, actions, host, name); // warm all three
            block(journaledNormal, actions, host, name);
            block(plain, actions, host, name);
            int blocks = Math.max(2, ctx.reps());
            for (int b = 0; b < blocks; b++) {
                for (int k = 0; k < sides.length; k++) {
                    Bench.round("scenario 7", () -> { }, sides[(b + k) % sides.length]::run);
                }
            }
            String how = blocks + " blocks of " + BLOCK + " rounds per side, interleaved block by block";
            return List.of(new Row("7 suspend+resume actions on qemu:///system, per round: journal cost, FULL",
                    "SQLite journal, synchronous FULL", withJournal, "no journal", without, 1 / 1.10,
                    "target: journaled at most 10% slower (ratio >= 0.909); " + how),
                    new Row("7 suspend+resume actions on qemu:///system, per round: journal cost, NORMAL",
                            "SQLite journal, synchronous NORMAL", withNormal, "no journal", without, 1 / 1.10,
                            "target: journaled at most 10% slower (ratio >= 0.909); " + how));
        } finally {
            PerfDomains.destroyAll(java, List.of(name), 1);
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(file + suffix));
                Files.deleteIfExists(Path.of(fileNormal + suffix));
            }
            Bench.deleteTree(storeDir);
        }
    }

    private static double block(Engine engine, LibvirtActions actions, LibvirtHost host, String name) {
        long t0 = System.nanoTime();
        for (int i = 0; i < BLOCK; i++) {
            engine.run(actions.suspend(host, name));
            engine.run(actions.resume(host, name));
        }
        return (System.nanoTime() - t0) / 1e6 / BLOCK;
    }
}
