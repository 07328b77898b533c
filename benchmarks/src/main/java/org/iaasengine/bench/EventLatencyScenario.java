package org.iaasengine.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.iaasengine.model.ModelChange;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;

/**
 * Scenario 5: an external {@code virsh destroy} of a running domain, until a model shows the VM
 * off. Every side watches the same destroys; each latency is counted from the start of the virsh
 * process. The peer column is when that {@code virsh destroy} process itself returned. A second
 * row per side gives the library's own part: from the moment the driver's event callback received
 * the STOPPED event to the model change.
 */
public final class EventLatencyScenario {
    private EventLatencyScenario() {
    }

    public static List<Row> run(BenchContext ctx, List<String> victims, List<EventSyncSide> sides) throws Exception {
        int n = sides.size();
        List<ResourceModel> models = new ArrayList<>();
        List<Map<String, Long>> seen = new ArrayList<>();
        List<AutoCloseable> subs = new ArrayList<>();
        List<Samples> latency = new ArrayList<>();
        List<Samples> ownPart = new ArrayList<>();
        Samples virshReturned = new Samples("ms");
        int missed = 0;
        try {
            for (EventSyncSide side : sides) {
                ResourceModel m = new ResourceModel();
                for (String v : victims) {
                    m.putVm(Vm.builder(v).host("host1").state(VmState.PAUSED).build());
                }
                Map<String, Long> when = new ConcurrentHashMap<>();
                m.addListener(c -> {
                    if (c instanceof ModelChange.VmUpdated u && u.after().state() == VmState.SHUTOFF) {
                        when.putIfAbsent(u.after().name(), System.nanoTime());
                    }
                });
                models.add(m);
                seen.add(when);
                subs.add(side.start(m));
                latency.add(new Samples("ms"));
                ownPart.add(new Samples("ms"));
            }
            Thread.sleep(500); // let the subscriptions (virsh event processes) start
            int k = 0;
            for (String victim : victims) {
                if (++k % 5 == 1) {
                    Bench.log("scenario 5: destroy %d/%d", k, victims.size());
                }
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder("virsh", "-c", ctx.uri(), "destroy", victim)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    Bench.log("scenario 5: virsh destroy %s failed (daemon restarted?); sample skipped", victim);
                    missed++;
                    Bench.awaitDaemon();
                    continue;
                }
                virshReturned.add((System.nanoTime() - t0) / 1e6);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                for (int i = 0; i < n; i++) {
                    while (!seen.get(i).containsKey(victim) && System.nanoTime() < deadline) {
                        Thread.sleep(1);
                    }
                    Long t = seen.get(i).get(victim);
                    if (t == null) {
                        Bench.log("scenario 5: %s did not see %s off within 10 s; sample skipped", sides.get(i).name(),
                                victim);
                        missed++;
                    } else {
                        latency.get(i).add((t - t0) / 1e6);
                        Long arrived = sides.get(i).stoppedEventArrivals().get(victim);
                        if (arrived != null && arrived <= t) {
                            ownPart.get(i).add((t - arrived) / 1e6);
                        }
                    }
                }
            }
        } finally {
            for (AutoCloseable s : subs) {
                s.close();
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Samples s = latency.get(i);
            rows.add(Row.info("5  external virsh destroy -> model shows VM off", sides.get(i).name(), s,
                    "virsh destroy returned", virshReturned,
                    sides.get(i).name() + ": median " + Samples.num(s.median()) + " ms, max " + Samples.num(s.max())
                            + " ms over " + s.size() + "; counted from the start of the virsh process"
                            + (missed > 0 ? "; " + missed + " sample(s) skipped" : "")));
            rows.add(Row.info("5  the library's own part: STOPPED event received -> model shows VM off",
                    sides.get(i).name(), ownPart.get(i), null, null,
                    "from the driver's event callback to the model change (the monitor's queue, worker and update)"));
        }
        return rows;
    }
}
