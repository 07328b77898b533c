package org.iaasengine.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iaasengine.core.ActionHandle;
import org.iaasengine.core.Engine;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.model.ResourceModel;

/**
 * Scenario 4: 20 Create actions (transient 32 MiB TCG domains, no disk) on 20 different VMs
 * through the engine, submitted at once vs run one after another. Batches alternate; after each
 * batch the 20 domains are destroyed (not timed).
 */
public final class ParallelCreateScenario {
    private ParallelCreateScenario() {
    }

    public static List<Row> run(BenchContext ctx, LibvirtDriver driver, String driverName, int vms) throws Exception {
        Samples parallel = new Samples("s");
        Samples serial = new Samples("s");
        Samples shellParallel = new Samples("s");
        Samples shellSerial = new Samples("s");
        Samples pythonThreads = new Samples("s");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < vms; i++) {
            names.add(ctx.name(String.format("par-%02d", i)));
        }
        try (Engine engine = Engine.create()) {
            for (int rep = 0; rep < ctx.reps(); rep++) {
                boolean parallelFirst = rep % 2 == 1;
                for (int k = 0; k < 2; k++) {
                    boolean par = parallelFirst == (k == 0);
                    Bench.log("scenario 4 (%s): round %d/%d, %s", driverName, rep + 1, ctx.reps(),
                            par ? "submitted at once" : "one after another");
                    int batchNo = rep * 2 + k;
                    Bench.round("scenario 4", () -> PerfDomains.destroyAll(driver, names, names.size()),
                            () -> (par ? parallel : serial).add(batch(ctx, engine, driver, names, par, batchNo)));
                }
                if (rep > 0) {
                    continue; // the reference is taken once, to keep bench/run near 10 minutes
                }
                // The machine's own ceiling: the same creates as plain virsh processes.
                Path xmls = Files.createDirectories(ctx.workDir().resolve("shell-" + rep));
                for (int i = 0; i < names.size(); i++) {
                    Files.writeString(xmls.resolve(String.format("vm-%02d.xml", i)), PerfDomains.tinyXml(names.get(i)));
                }
                Bench.log("scenario 4 (python3-libvirt threads): round %d/%d", rep + 1, ctx.reps());
                Bench.round("scenario 4 python", () -> PerfDomains.destroyAll(driver, names, names.size()), () -> {
                    try {
                        ctx.peers().run("/usr/bin/python3", "create_python.py", ctx.uri(), xmls.toString(),
                                Integer.toString(names.size())).forEach(ns -> pythonThreads.add(ns / 1e9));
                    } finally {
                        PerfDomains.destroyAll(driver, names, names.size());
                    }
                });
                for (int k = 0; k < 2; k++) {
                    boolean par = parallelFirst == (k == 0);
                    Bench.log("scenario 4 (plain virsh): round %d/%d, %s", rep + 1, ctx.reps(),
                            par ? "all at once" : "one after another");
                    Bench.round("scenario 4 shell", () -> PerfDomains.destroyAll(driver, names, names.size()), () -> {
                        try {
                            ctx.peers().run("bash", "virsh_create_batch.sh", ctx.uri(), xmls.toString(),
                                    Integer.toString(names.size()), par ? "parallel" : "serial")
                                    .forEach(ns -> (par ? shellParallel : shellSerial).add(ns / 1e9));
                        } finally {
                            PerfDomains.destroyAll(driver, names, names.size());
                        }
                    });
                }
            }
        } finally {
            PerfDomains.destroyAll(driver, names, vms);
        }
        return List.of(new Row("4  " + vms + " Create actions on " + vms + " VMs (" + driverName + ")",
                "submitted at once", parallel, "one after another", serial, 1.6,
                "engine with its default worker count; wall time of the batch"),
                new Row("4  " + vms + " creates at once: the engine against python3-libvirt threads", "submitted at once",
                        parallel, vms + " python threads", pythonThreads, 1,
                        "python: createXML of the same XML from " + vms + " threads on one connection, no model,"
                                + " no store, no checks; measured in the first round"),
                Row.info("4  reference: " + vms + " plain `virsh create` processes", "all at once (&)", shellParallel,
                        "one after another", shellSerial,
                        "the machine's own ceiling for this workload (QEMU start + TCG firmware boot on 2 shared cores)"));
    }

    private static double batch(BenchContext ctx, Engine engine, LibvirtDriver driver, List<String> names,
            boolean parallel, int batchNo) throws Exception {
        Path dir = Files.createDirectories(ctx.workDir().resolve("par-" + batchNo + "-" + System.nanoTime()));
        LibvirtHost host = LibvirtHost.builder("host1", driver).domainType("qemu").lifecycle(Lifecycle.TRANSIENT)
                .templates(dir).storage(dir).store(DefinitionStore.open(dir.resolve("definitions"))).build();
        LibvirtActions actions = new LibvirtActions(new ResourceModel());
        List<CreateRequest> reqs = names.stream()
                .map(n -> CreateRequest.builder(n).memoryMiB(32).vcpus(1).lifecycle(Lifecycle.TRANSIENT).build())
                .toList();
        long t0 = System.nanoTime();
        try {
            if (parallel) {
                List<ActionHandle<?>> hs = new ArrayList<>();
                for (CreateRequest r : reqs) {
                    hs.add(engine.submit(actions.create(host, r)));
                }
                for (ActionHandle<?> h : hs) {
                    h.join();
                }
            } else {
                for (CreateRequest r : reqs) {
                    engine.run(actions.create(host, r));
                }
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            PerfDomains.destroyAll(driver, names, names.size());
        }
    }
}
