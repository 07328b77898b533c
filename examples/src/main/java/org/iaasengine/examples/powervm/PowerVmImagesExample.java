package org.iaasengine.examples.powervm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.iaasengine.core.Engine;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.actions.DestroyAction;
import org.iaasengine.powervm.actions.RescueAction;
import org.iaasengine.powervm.actions.SnapshotAction;
import org.iaasengine.powervm.actions.SpawnAction;
import org.iaasengine.powervm.actions.UnrescueAction;
import org.iaasengine.powervm.actions.UploadImageAction;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.iaasengine.powervm.spec.ConfigDrive;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.RescueRequest;
import org.iaasengine.powervm.spec.SnapshotRequest;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.spec.UnrescueRequest;
import org.iaasengine.powervm.spec.UploadImageRequest;
import org.iaasengine.powervm.spec.VmRequest;
import org.iaasengine.powervm.storage.DiskDriver;
import org.iaasengine.powervm.storage.LocalDiskDriver;

/**
 * Image bits on PowerVM, against the project's PowerVM REST simulator: an image file uploaded
 * through the REST File API into the VIOS's image cache, then two spawns from it (the second sends
 * no byte), a spawn with a configuration drive (optical media mapped to the LPAR) and its destroy,
 * a snapshot of web1 to an image file and a spawn from it, a rescue of web2 and its unrescue, and what the simulator's request log,
 * disks and media show, printed as one JSON document
 * (progress lines before it go to {@code log}).
 *
 * <pre>{@code
 * java -cp examples/target/iaas-engine-examples.jar org.iaasengine.examples.powervm.PowerVmImagesExample
 * }</pre>
 */
public final class PowerVmImagesExample {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PowerVmImagesExample() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("iaas-powervm-images-");
        try {
            ObjectNode report = run(System.err, dir);
            System.out.println(JSON.writeValueAsString(report));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Runs the flows on a fresh simulator with files in {@code dir}; returns the JSON report. */
    public static ObjectNode run(PrintStream log, Path dir) {
        try (PowerVmSimulator sim = PowerVmSimulator.start();
                PowerVmClient client = PowerVmClient.connect(sim.config().build());
                Engine engine = Engine.builder().defaultActionTimeout(Duration.ofMinutes(2))
                        .listener(e -> progress(log, e)).build()) {
            ResourceModel model = new ResourceModel();
            PowerVmHost host = PowerVmHost.of("sim-a", client, sim.systemUuid("sim-a"), "sim-a",
                    sim.viosUuid("vios-a"), model);
            DiskDriver disks = new LocalDiskDriver(client, sim.viosUuid("vios-a"),
                    sim.volumeGroupUuid("vios-a", "rootvg"));
            ObjectNode report = JSON.createObjectNode();

            byte[] bits = new byte[2 * 1024 * 1024];
            new Random(7).nextBytes(bits);
            Path file = dir.resolve("rhel9.raw");
            Files.write(file, bits);
            String sha = Hashing.sha256().hashBytes(bits).toString();
            ImageRef image = new ImageRef("rhel9", 10, file.toString(), sha);

            DiskRef cached = engine.run(UploadImageAction.plan(host, disks, new UploadImageRequest("sim-a", image)));
            ObjectNode upload = report.putObject("upload");
            upload.put("image", image.name()).put("bytes", bits.length).put("sha256", sha)
                    .put("cacheDisk", cached.name())
                    .put("cacheDiskSha256", sim.diskSha256(cached.name()).orElse(null))
                    .put("filesLeftOnServer", sim.files().size());
            upload.set("fileApiRequests", JSON.valueToTree(fileApi(sim)));

            int before = fileApi(sim).size();
            engine.run(SpawnAction.plan(host, disks, new SpawnRequest("web1", 2048, 0.5, 1, 100, image, 20)));
            engine.run(SpawnAction.plan(host, disks, new SpawnRequest("web2", 2048, 0.5, 1, 100, image, 20)));
            ObjectNode spawns = report.putObject("spawns");
            spawns.put("fileApiRequests", fileApi(sim).size() - before);
            spawns.put("web1DiskSha256", sim.diskSha256("b_web1").orElse(null));
            spawns.put("web2DiskSha256", sim.diskSha256("b_web2").orElse(null));

            engine.run(SpawnAction.plan(host, disks, new SpawnRequest("web3", 2048, 0.5, 1, 100, image, 20)
                    .withConfigDrive(new ConfigDrive("#cloud-config\nhostname: web3\n"))));
            ObjectNode drive = report.putObject("configDrive");
            drive.set("media", JSON.valueToTree(sim.opticalMedia("vios-a")));
            drive.set("mappings", JSON.valueToTree(sim.snapshot().scsiMappings().stream()
                    .filter(m -> m.contains("web3")).toList()));
            drive.put("isoBytes", sim.opticalMediaBytes("vios-a", ConfigDrive.mediaName("web3")).map(b -> b.length)
                    .orElse(0));
            engine.run(DestroyAction.plan(host, disks, new VmRequest("web3")));
            drive.set("mediaAfterDestroy", JSON.valueToTree(sim.opticalMedia("vios-a")));

            byte[] guest = new byte[1024 * 1024];
            new Random(11).nextBytes(guest);
            sim.writeDisk("b_web1", guest); // what web1's guest wrote (the simulator runs no guest)
            ImageRef snap = engine.run(SnapshotAction.plan(host, disks,
                    new SnapshotRequest("sim-a", "web1", "web1-snap", dir.toAbsolutePath().toString())));
            engine.run(SpawnAction.plan(host, disks, new SpawnRequest("web4", 2048, 0.5, 1, 100, snap, 20)));
            ObjectNode snapshot = report.putObject("snapshot");
            snapshot.set("image", JSON.valueToTree(snap));
            snapshot.put("web1DiskSha256", sim.diskSha256("b_web1").orElse(null));
            snapshot.put("web4DiskSha256", sim.diskSha256("b_web4").orElse(null));

            ImageRef rescueImage = new ImageRef("rescue", 2);
            Vm rescued = engine.run(RescueAction.plan(host, disks, new RescueRequest("sim-a", "web2", rescueImage)));
            ObjectNode rescue = report.putObject("rescue");
            rescue.put("bootsFrom", rescued.definitionRef()).put("bootMode", sim.bootMode("web2").orElse(null));
            rescue.set("mappings", JSON.valueToTree(sim.snapshot().scsiMappings().stream()
                    .filter(m -> m.contains(":web2->")).toList()));
            Vm back = engine.run(UnrescueAction.plan(host, disks, new UnrescueRequest("sim-a", "web2")));
            rescue.put("afterUnrescueBootsFrom", back.definitionRef())
                    .put("afterUnrescueBootMode", sim.bootMode("web2").orElse(null));
            rescue.set("afterUnrescueMappings", JSON.valueToTree(sim.snapshot().scsiMappings().stream()
                    .filter(m -> m.contains(":web2->")).toList()));
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> fileApi(PowerVmSimulator sim) {
        return sim.requests().stream().filter(r -> r.contains(" web/File")).toList();
    }

    private static void progress(PrintStream log, EngineEvent e) {
        if (e instanceof EngineEvent.Progress p) {
            log.printf("  %-22s %3.0f%% %s%n", p.actionName(), p.fraction() * 100, p.message());
        } else if (e instanceof EngineEvent.ActionFailed f) {
            log.printf("  %-22s FAILED at %s: %s%n", e.actionName(), f.failedStep(), f.message());
        }
    }
}
