package org.iaasengine.examples.powervm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iaasengine.core.Engine;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.actions.ColdMigrateAction;
import org.iaasengine.powervm.actions.ConfirmMigrationAction;
import org.iaasengine.powervm.actions.DestroyAction;
import org.iaasengine.powervm.actions.ExtendDiskAction;
import org.iaasengine.powervm.actions.PlugVifAction;
import org.iaasengine.powervm.actions.PowerOffAction;
import org.iaasengine.powervm.actions.PowerOnAction;
import org.iaasengine.powervm.actions.ResizeAction;
import org.iaasengine.powervm.actions.RevertMigrationAction;
import org.iaasengine.powervm.actions.SpawnAction;
import org.iaasengine.powervm.actions.UnplugVifAction;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.iaasengine.powervm.simulator.SimSnapshot;
import org.iaasengine.powervm.spec.AdapterRef;
import org.iaasengine.powervm.spec.ColdMigrateRequest;
import org.iaasengine.powervm.spec.ConfirmMigrationRequest;
import org.iaasengine.powervm.spec.ExtendDiskRequest;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.LparShape;
import org.iaasengine.powervm.spec.PlugVifRequest;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffRequest;
import org.iaasengine.powervm.spec.ResizeRequest;
import org.iaasengine.powervm.spec.RevertMigrationRequest;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.spec.SpawnVolume;
import org.iaasengine.powervm.spec.UnplugVifRequest;
import org.iaasengine.powervm.spec.VmRequest;
import org.iaasengine.powervm.spec.VolumeRequest;
import org.iaasengine.powervm.storage.DiskDriver;
import org.iaasengine.powervm.storage.LocalDiskDriver;
import org.iaasengine.powervm.storage.SspDiskDriver;

/**
 * The PowerVM flows of nova-powervm beyond spawn and destroy, one after the other on the project's
 * HMC simulator, each printed as one line of JSON ({@code {"flow": ..., "result": ..., "vm": ...}}):
 * spawn with two networks, plug a third, unplug the second, resize it powered off (with a range)
 * and running (within it), extend its boot disk, destroy; then on a system with two
 * VIOSes, spawn {@code db1} booting from a vSCSI volume with an NPIV volume too (each mapped on
 * both VIOSes, no local disk), and destroy it; then spawn {@code app1} on the shared storage pool,
 * cold migrate it to {@code sim-b} with a new shape, revert, migrate again, confirm, destroy.
 *
 * <pre>{@code
 * java -cp examples/target/iaas-engine-examples.jar org.iaasengine.examples.powervm.PowerVmFlowsExample
 * }</pre>
 */
public final class PowerVmFlowsExample {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LUN = "01M0lCTTIxNDUxMjQ2MDA1MDc2ODAyODI4";

    /**
     * What the run saw.
     *
     * @param lines    the JSON lines printed, one per flow
     * @param leftover what the simulator still holds for VMs at the end (nothing, when all went well)
     */
    public record Outcome(List<String> lines, SimSnapshot leftover) {
    }

    private PowerVmFlowsExample() {
    }

    public static void main(String[] args) {
        Outcome o = run(System.out);
        System.exit(o.leftover().holdsNoVmResources() ? 0 : 1);
    }

    /** Runs the flows on a fresh simulator, printing one JSON line per flow to {@code out}. */
    public static Outcome run(PrintStream out) {
        List<String> lines = new ArrayList<>();
        try (PowerVmSimulator sim = PowerVmSimulator.builder().dualVios(true).start();
                PowerVmClient client = PowerVmClient.connect(sim.config().build());
                Engine engine = Engine.builder().defaultActionTimeout(Duration.ofMinutes(2)).build()) {
            ResourceModel model = new ResourceModel();
            PowerVmHost host = PowerVmHost.of("sim-a", client, sim.systemUuid("sim-a"), "sim-a",
                    sim.viosUuid("vios-a"), model);
            DiskDriver disks = new LocalDiskDriver(client, sim.viosUuid("vios-a"),
                    sim.volumeGroupUuid("vios-a", "rootvg"));

            Vm spawned = engine.run(SpawnAction.plan(host, disks,
                    new SpawnRequest("web1", 2048, 0.5, 1, 100, new ImageRef("rhel9", 10), 20)
                            .withExtraVlans(List.of(200))));
            print(out, lines, "spawn", spawned, model);
            AdapterRef plugged = engine.run(PlugVifAction.plan(host, new PlugVifRequest("sim-a", "web1", 300)));
            print(out, lines, "plugVif", plugged, model);
            AdapterRef unplugged = engine.run(UnplugVifAction.plan(host,
                    new UnplugVifRequest("sim-a", "web1", spawned.macs().get(1))));
            print(out, lines, "unplugVif", unplugged, model);
            engine.run(PowerOffAction.plan(host, new PowerOffRequest("web1", PowerOffMode.OS_IMMEDIATE, true)));
            print(out, lines, "resizePoweredOff", engine.run(ResizeAction.plan(host, new ResizeRequest("sim-a",
                    "web1", 4096, 1.0, 2, LparShape.of(4096, 1.0, 2).withRange(2048, 8192, 0.5, 2.0, 1, 4)))),
                    model);
            engine.run(PowerOnAction.plan(host, new VmRequest("web1")));
            print(out, lines, "resizeRunning", engine.run(ResizeAction.plan(host,
                    new ResizeRequest("sim-a", "web1", 6144, 1.5, 3, null))), model);
            print(out, lines, "extendDisk", engine.run(ExtendDiskAction.plan(host, disks,
                    new ExtendDiskRequest("sim-a", "web1", 40))), model);
            boolean existed = engine.run(DestroyAction.plan(host, disks, new VmRequest("web1")));
            print(out, lines, "destroy", existed, model);

            sim.addFcVolume("vios-a", "hdisk5", LUN, 51200);
            sim.addFcVolume("vios-a2", "hdisk5", LUN, 51200);
            Vm db = engine.run(SpawnAction.plan(host, null, SpawnRequest.bootFromVolume("db1", 4096, 1.0, 2, 100,
                    new SpawnVolume(VolumeRequest.Connector.VSCSI, LUN),
                    new SpawnVolume(VolumeRequest.Connector.NPIV, "fcs0"))));
            Map<String, Object> paths = new LinkedHashMap<>();
            paths.put("vm", db);
            paths.put("scsiMappings", sim.snapshot().scsiMappings());
            paths.put("fcMappings", sim.snapshot().fcMappings());
            print(out, lines, "spawnBootFromVolume", paths, model, "db1");
            print(out, lines, "destroy", engine.run(DestroyAction.plan(host, disks, new VmRequest("db1"))), model,
                    "db1");

            PowerVmHost hostB = PowerVmHost.of("sim-b", client, sim.systemUuid("sim-b"), "sim-b",
                    sim.viosUuid("vios-b"), model);
            DiskDriver sspA = new SspDiskDriver(client, sim.sspUuid("ssp1"), sim.viosUuid("vios-a"));
            DiskDriver sspB = new SspDiskDriver(client, sim.sspUuid("ssp1"), sim.viosUuid("vios-b"));
            engine.run(SpawnAction.plan(host, sspA,
                    new SpawnRequest("app1", 2048, 0.5, 1, 100, new ImageRef("rhel9", 10), 20)));
            ColdMigrateRequest move = new ColdMigrateRequest("sim-a", "app1", "sim-b", 4096, 1.0, 2);
            print(out, lines, "coldMigrate", engine.run(ColdMigrateAction.plan(host, sspA, hostB, sspB, move)), model,
                    "app1");
            print(out, lines, "revertMigration", engine.run(RevertMigrationAction.plan(hostB, sspB, host,
                    new RevertMigrationRequest("sim-b", "app1", "sim-a"))), model, "app1");
            engine.run(ColdMigrateAction.plan(host, sspA, hostB, sspB, move));
            print(out, lines, "confirmMigration", engine.run(ConfirmMigrationAction.plan(host, sspA,
                    new ConfirmMigrationRequest("sim-a", "app1"))), model, "app1");
            print(out, lines, "destroy", engine.run(DestroyAction.plan(hostB, sspB, new VmRequest("app1"))), model,
                    "app1");
            return new Outcome(lines, sim.snapshot());
        }
    }

    private static void print(PrintStream out, List<String> lines, String flow, Object result, ResourceModel model) {
        print(out, lines, flow, result, model, "web1");
    }

    private static void print(PrintStream out, List<String> lines, String flow, Object result, ResourceModel model,
            String vm) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("flow", flow);
        line.put("result", result);
        line.put("vm", model.vm(vm).orElse(null));
        try {
            String text = JSON.writeValueAsString(line);
            lines.add(text);
            out.println(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON of " + flow, e);
        }
    }
}
