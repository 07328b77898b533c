package org.iaasengine.examples.powervm;

import java.io.PrintStream;
import java.time.Duration;
import org.iaasengine.core.Engine;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.actions.DestroyAction;
import org.iaasengine.powervm.actions.SpawnAction;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.iaasengine.powervm.simulator.SimSnapshot;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.spec.VmRequest;
import org.iaasengine.powervm.storage.DiskDriver;
import org.iaasengine.powervm.storage.LocalDiskDriver;

/**
 * Spawns an LPAR and destroys it again on PowerVM, the nova-powervm flow: create the LPAR, plug a
 * network adapter, create its disk from an image on the VIOS volume group, map it through vSCSI,
 * power on; then power off, unmap, delete the disk and the LPAR. It runs against the project's
 * PowerVM REST simulator on loopback; point {@link PowerVmClient#connect} at a real HMC or NovaLink
 * instead (see {@code powervm-commands/README.md}).
 *
 * <pre>{@code
 * mvn -q -pl examples -am package -DskipTests
 * java -cp examples/target/iaas-engine-examples.jar org.iaasengine.examples.powervm.PowerVmSpawnExample
 * }</pre>
 */
public final class PowerVmSpawnExample {

    /**
     * What the run saw.
     *
     * @param spawned  the VM as the model showed it after Spawn
     * @param existed  whether Destroy found the LPAR
     * @param leftover what the simulator still holds for VMs after Destroy (empty means nothing)
     */
    public record Outcome(Vm spawned, boolean existed, SimSnapshot leftover) {
    }

    private PowerVmSpawnExample() {
    }

    public static void main(String[] args) {
        Outcome o = run(System.out);
        System.exit(o.leftover().holdsNoVmResources() ? 0 : 1);
    }

    /** Spawns and destroys {@code web1} on a fresh simulator, printing what happens to {@code out}. */
    public static Outcome run(PrintStream out) {
        try (PowerVmSimulator sim = PowerVmSimulator.start();
                PowerVmClient client = PowerVmClient.connect(sim.config().build());
                Engine engine = Engine.builder().defaultActionTimeout(Duration.ofMinutes(2))
                        .listener(e -> print(out, e)).build()) {
            ResourceModel model = new ResourceModel();
            PowerVmHost host = PowerVmHost.of("sim-a", client, sim.systemUuid("sim-a"), "sim-a",
                    sim.viosUuid("vios-a"), model);
            DiskDriver disks = new LocalDiskDriver(client, sim.viosUuid("vios-a"),
                    sim.volumeGroupUuid("vios-a", "rootvg"));

            engine.run(SpawnAction.plan(host, disks,
                    new SpawnRequest("web1", 2048, 0.5, 1, 100, new ImageRef("rhel9", 10), 20)));
            Vm spawned = model.vm("web1").orElseThrow();
            out.printf("spawned %s: %s on %s, %d vCPU, %d MiB%n", spawned.name(), spawned.state(), spawned.host(),
                    spawned.vcpus(), spawned.memoryKiB() / 1024);

            boolean existed = engine.run(DestroyAction.plan(host, disks, new VmRequest("web1")));
            SimSnapshot after = sim.snapshot();
            out.printf("destroyed web1 (existed: %s); simulator holds no VM resources: %s%n", existed,
                    after.holdsNoVmResources());
            return new Outcome(spawned, existed, after);
        }
    }

    private static void print(PrintStream out, EngineEvent e) {
        if (e instanceof EngineEvent.CommandSucceeded c) {
            out.printf("  %-8s %-28s %5d ms%n", e.actionName(), c.step(), c.duration().toMillis());
        } else if (e instanceof EngineEvent.ActionFailed f) {
            out.printf("  %-8s FAILED at %s: %s%n", e.actionName(), f.failedStep(), f.message());
        }
    }
}
