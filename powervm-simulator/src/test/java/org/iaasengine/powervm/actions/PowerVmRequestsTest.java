package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.iaasengine.core.Action;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Step;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.spec.ColdMigrateRequest;
import org.iaasengine.powervm.spec.ConfirmMigrationRequest;
import org.iaasengine.powervm.spec.ExtendDiskRequest;
import org.iaasengine.powervm.spec.LparShape;
import org.iaasengine.powervm.spec.PlugVifRequest;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffRequest;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.RescueRequest;
import org.iaasengine.powervm.spec.ResizeRequest;
import org.iaasengine.powervm.spec.RevertMigrationRequest;
import org.iaasengine.powervm.spec.SnapshotRequest;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.spec.SpawnVolume;
import org.iaasengine.powervm.spec.UnplugVifRequest;
import org.iaasengine.powervm.spec.UnrescueRequest;
import org.iaasengine.powervm.spec.UploadImageRequest;
import org.iaasengine.powervm.spec.VmRequest;
import org.iaasengine.powervm.spec.VolumeRequest;
import org.iaasengine.request.ActionRegistry;
import org.iaasengine.request.ActionRequest;
import org.iaasengine.request.InvalidRequestException;
import org.iaasengine.request.RequestCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every PowerVM action as data: request, JSON, request again (equal), plan rebuilt by the registry
 * with the same steps in the same order as the plan its action class builds; the JSON of one
 * request of each action pinned (schema stability); bad JSON refused naming what is bad.
 */
class PowerVmRequestsTest extends SimTestSupport {
    private static final String UDID = "01M0lCTTIxNDUxMjQ2MDA1MDc2";
    private final ActionRegistry<PowerVmPlanContext> registry = PowerVmRegistry.registry();
    private final RequestCodec codec = registry.codec();
    private PowerVmPlanContext context;

    @BeforeEach
    void context() {
        context = PowerVmPlanContext.of(hostA, hostB).withDisks("sim-a", localA);
    }

    private Map<String, Case> cases() {
        Map<String, Case> c = new LinkedHashMap<>();
        c.put("powervm.spawn", new Case(() -> SpawnAction.plan(hostA, localA,
                new SpawnRequest("web1", 2048, 0.5, 1, 100, IMAGE, 20)),
                "{\"schema\":1,\"action\":\"powervm.spawn\",\"request\":{\"host\":\"sim-a\",\"name\":\"web1\","
                        + "\"memoryMb\":2048,\"procUnits\":0.5,\"vcpus\":1,\"vlan\":100,"
                        + "\"image\":{\"name\":\"rhel9\",\"sizeGb\":10},\"diskGb\":20,\"extraVlans\":[],\"volumes\":[],\"bootFromVolume\":false,\"configDrive\":null}}"));
        c.put("powervm.destroy", new Case(() -> DestroyAction.plan(hostA, localA, new VmRequest("web1")),
                "{\"schema\":1,\"action\":\"powervm.destroy\",\"request\":{\"host\":\"sim-a\",\"name\":\"web1\"}}"));
        c.put("powervm.powerOn", new Case(() -> PowerOnAction.plan(hostA, new VmRequest("web1")),
                "{\"schema\":1,\"action\":\"powervm.powerOn\",\"request\":{\"host\":\"sim-a\",\"name\":\"web1\"}}"));
        c.put("powervm.powerOff", new Case(() -> PowerOffAction.plan(hostA,
                new PowerOffRequest("web1", PowerOffMode.OS_NORMAL, true)),
                "{\"schema\":1,\"action\":\"powervm.powerOff\",\"request\":{\"host\":\"sim-a\",\"name\":\"web1\","
                        + "\"mode\":\"OS_NORMAL\",\"escalate\":true}}"));
        c.put("powervm.reboot", new Case(() -> RebootAction.plan(hostA,
                new PowerOffRequest("web1", PowerOffMode.VSP_NORMAL, false)),
                "{\"schema\":1,\"action\":\"powervm.reboot\",\"request\":{\"host\":\"sim-a\",\"name\":\"web1\","
                        + "\"mode\":\"VSP_NORMAL\",\"escalate\":false}}"));
        c.put("powervm.migrate", new Case(() -> MigrateAction.plan(hostA, hostB, new VmRequest("web1")),
                "{\"schema\":1,\"action\":\"powervm.migrate\",\"request\":{\"host\":\"sim-a\",\"name\":\"web1\","
                        + "\"target\":\"sim-b\"}}"));
        c.put("powervm.initModel", new Case(() -> InitModelAction.plan(hostA),
                "{\"schema\":1,\"action\":\"powervm.initModel\",\"request\":{\"host\":\"sim-a\"}}"));
        c.put("powervm.hostInfo", new Case(() -> HostInfoAction.plan(hostA),
                "{\"schema\":1,\"action\":\"powervm.hostInfo\",\"request\":{\"host\":\"sim-a\"}}"));
        c.put("powervm.hostStatistical", new Case(() -> HostStatisticalAction.plan(hostA),
                "{\"schema\":1,\"action\":\"powervm.hostStatistical\",\"request\":{\"host\":\"sim-a\"}}"));
        c.put("powervm.attachVolume", new Case(() -> AttachVolumeAction.plan(hostA,
                new VolumeRequest("web1", VolumeRequest.Connector.VSCSI, UDID)),
                "{\"schema\":1,\"action\":\"powervm.attachVolume\",\"request\":{\"host\":\"sim-a\",\"name\":\"web1\","
                        + "\"connector\":\"VSCSI\",\"target\":\"" + UDID + "\"}}"));
        c.put("powervm.detachVolume", new Case(() -> DetachVolumeAction.plan(hostA,
                new VolumeRequest("web1", VolumeRequest.Connector.NPIV, "fcs0")),
                "{\"schema\":1,\"action\":\"powervm.detachVolume\",\"request\":{\"host\":\"sim-a\",\"name\":\"web1\","
                        + "\"connector\":\"NPIV\",\"target\":\"fcs0\"}}"));
        c.put("powervm.cleanImageCache", new Case(() -> CleanImageCacheAction.plan(hostA, localA),
                "{\"schema\":1,\"action\":\"powervm.cleanImageCache\",\"request\":{\"host\":\"sim-a\"}}"));
        c.put("powervm.uploadImage", new Case(() -> UploadImageAction.plan(hostA, localA,
                new UploadImageRequest("sim-a", new ImageRef("rhel9", 10, "/var/lib/images/rhel9.raw", null))),
                "{\"schema\":1,\"action\":\"powervm.uploadImage\",\"request\":{\"host\":\"sim-a\","
                        + "\"image\":{\"name\":\"rhel9\",\"sizeGb\":10,\"file\":\"/var/lib/images/rhel9.raw\"}}}"));
        c.put("powervm.snapshot", new Case(() -> SnapshotAction.plan(hostA, localA,
                new SnapshotRequest("sim-a", "web1", "web1-snap", "/var/lib/images")),
                "{\"schema\":1,\"action\":\"powervm.snapshot\",\"request\":{\"host\":\"sim-a\",\"name\":\"web1\","
                        + "\"image\":\"web1-snap\",\"directory\":\"/var/lib/images\"}}"));
        c.put("powervm.rescue", new Case(() -> RescueAction.plan(hostA, localA,
                new RescueRequest("sim-a", "web1", new ImageRef("rescue", 2))),
                "{\"schema\":1,\"action\":\"powervm.rescue\",\"request\":{\"host\":\"sim-a\",\"name\":\"web1\","
                        + "\"image\":{\"name\":\"rescue\",\"sizeGb\":2}}}"));
        c.put("powervm.unrescue", new Case(() -> UnrescueAction.plan(hostA, localA,
                new UnrescueRequest("sim-a", "web1")),
                "{\"schema\":1,\"action\":\"powervm.unrescue\",\"request\":{\"host\":\"sim-a\",\"name\":\"web1\"}}"));
        c.put("powervm.plugVif", new Case(() -> PlugVifAction.plan(hostA, new PlugVifRequest("sim-a", "web1", 200)),
                "{\"schema\":1,\"action\":\"powervm.plugVif\",\"request\":{\"host\":\"sim-a\",\"name\":\"web1\","
                        + "\"vlan\":200}}"));
        c.put("powervm.unplugVif", new Case(() -> UnplugVifAction.plan(hostA,
                new UnplugVifRequest("sim-a", "web1", "fa:d4:43:3e:00:0c")),
                "{\"schema\":1,\"action\":\"powervm.unplugVif\",\"request\":{\"host\":\"sim-a\",\"name\":\"web1\","
                        + "\"mac\":\"FAD4433E000C\"}}"));
        c.put("powervm.resize", new Case(() -> ResizeAction.plan(hostA, new ResizeRequest("sim-a", "web1", 4096, 1.0, 2,
                LparShape.of(4096, 1.0, 2).withRange(2048, 8192, 0.5, 2.0, 1, 4))),
                "{\"schema\":1,\"action\":\"powervm.resize\",\"request\":{\"host\":\"sim-a\",\"name\":\"web1\","
                        + "\"memoryMb\":4096,\"procUnits\":1.0,\"vcpus\":2,\"range\":{\"memoryMb\":4096,"
                        + "\"procUnits\":1.0,\"vcpus\":2,\"minMemoryMb\":2048,\"maxMemoryMb\":8192,"
                        + "\"minProcUnits\":0.5,\"maxProcUnits\":2.0,\"minVcpus\":1,\"maxVcpus\":4}}}"));
        c.put("powervm.extendDisk", new Case(() -> ExtendDiskAction.plan(hostA, localA,
                new ExtendDiskRequest("sim-a", "web1", 40)),
                "{\"schema\":1,\"action\":\"powervm.extendDisk\",\"request\":{\"host\":\"sim-a\",\"name\":\"web1\","
                        + "\"sizeGb\":40}}"));
        PowerVmPlanContext shared = PowerVmPlanContext.of(hostA, hostB).withDisks("sim-a", sspA).withDisks("sim-b", sspB());
        c.put("powervm.coldMigrate", new Case(() -> ColdMigrateAction.plan(hostA, sspA, hostB, sspB(),
                new ColdMigrateRequest("sim-a", "web1", "sim-b", 4096, 1.0, 2)),
                "{\"schema\":1,\"action\":\"powervm.coldMigrate\",\"request\":{\"host\":\"sim-a\",\"name\":\"web1\","
                        + "\"target\":\"sim-b\",\"memoryMb\":4096,\"procUnits\":1.0,\"vcpus\":2}}", shared));
        c.put("powervm.confirmMigration", new Case(() -> ConfirmMigrationAction.plan(hostA, sspA,
                new ConfirmMigrationRequest("sim-a", "web1")),
                "{\"schema\":1,\"action\":\"powervm.confirmMigration\",\"request\":{\"host\":\"sim-a\","
                        + "\"name\":\"web1\"}}", shared));
        c.put("powervm.revertMigration", new Case(() -> RevertMigrationAction.plan(hostB, sspB(), hostA,
                new RevertMigrationRequest("sim-b", "web1", "sim-a")),
                "{\"schema\":1,\"action\":\"powervm.revertMigration\",\"request\":{\"host\":\"sim-b\","
                        + "\"name\":\"web1\",\"source\":\"sim-a\"}}", shared));
        return c;
    }

    private org.iaasengine.powervm.storage.DiskDriver sspB() {
        return new org.iaasengine.powervm.storage.SspDiskDriver(client, sim.sspUuid("ssp1"), sim.viosUuid("vios-b"));
    }

    private record Case(Supplier<Action<?>> direct, String json, PowerVmPlanContext context) {
        Case(Supplier<Action<?>> direct, String json) {
            this(direct, json, null);
        }
    }

    @Test
    void everyActionGoesFromRequestToJsonToRequestToTheSamePlan() {
        Map<String, Case> cases = cases();
        assertThat(cases.keySet()).as("every registered action has a case").containsExactlyElementsOf(registry.actions());
        cases.forEach((name, c) -> {
            Action<?> direct = c.direct().get();
            ActionRequest request = direct.request().map(ActionRequest.class::cast).orElseThrow();
            assertThat(request.action()).as(name).isEqualTo(name);
            assertThat(request.resource().toString()).as(name).isEqualTo(direct.resourceKey());

            String json = codec.toJson(request);
            assertThat(json).as("JSON of %s", name).isEqualTo(c.json());
            ActionRequest back = codec.fromJson(json);
            assertThat(back).as(name).isEqualTo(request).isInstanceOf(registry.requestType(name));

            Action<?> rebuilt = registry.plan(c.context() != null ? c.context() : context, json);
            assertThat(rebuilt.name()).as(name).isEqualTo(direct.name());
            assertThat(rebuilt.resourceKey()).as(name).isEqualTo(direct.resourceKey());
            assertThat(rebuilt.steps()).as("steps of %s", name).extracting(Step::name)
                    .containsExactlyElementsOf(direct.steps().stream().map(Step::name).toList())
                    .isNotEmpty();
            assertThat(rebuilt.request()).as(name).contains(request);
        });
    }

    @Test
    void aSpawnWithNetworksAndVolumesGoesThroughJsonAndABootFromVolumeOneNeedsNoDiskDriver() {
        SpawnRequest withAll = spawnRequest("web1").onHost("sim-a").withExtraVlans(java.util.List.of(200))
                .withVolumes(java.util.List.of(new SpawnVolume(VolumeRequest.Connector.NPIV, "fcs1")));
        SpawnRequest bfv = SpawnRequest.bootFromVolume("db1", 2048, 0.5, 1, 100,
                new SpawnVolume(VolumeRequest.Connector.VSCSI, UDID)).onHost("sim-b");
        for (SpawnRequest r : java.util.List.of(withAll, bfv)) {
            String json = codec.toJson(r);
            assertThat(codec.fromJson(json)).isEqualTo(r);
            Action<?> plan = registry.plan(context, json); // sim-b has no disk driver in the context
            assertThat(plan.steps()).extracting(Step::name).contains("PowerOn")
                    .anyMatch(n -> n.startsWith("ConnectVolume("));
        }
        assertThat(codec.toJson(bfv)).contains("\"image\":null,\"diskGb\":0").contains("\"bootFromVolume\":true");
        assertThat(registry.plan(context, codec.toJson(bfv)).steps()).extracting(Step::name)
                .noneMatch(n -> n.startsWith("CreateVirtualDisk") || n.startsWith("AddVscsiMapping"));
    }

    @Test
    void aRebuiltSpawnRunsLikeTheOriginal() {
        String json = codec.toJson(SpawnAction.plan(hostA, localA, spawnRequest("web1")).request()
                .map(ActionRequest.class::cast).orElseThrow());
        engine.run(registry.plan(context, json));
        assertThat(sim.snapshot().lpars()).containsEntry("web1", "running");
        assertThat(model.vm("web1")).isPresent();
    }

    @Test
    void anUnknownSchemaVersionActionOrFieldIsRefusedNamingIt() {
        String on = "{\"schema\":1,\"action\":\"powervm.powerOn\",\"request\":{\"host\":\"sim-a\",\"name\":\"web1\"}}";
        assertThatThrownBy(() -> registry.plan(context, on.replace("\"schema\":1", "\"schema\":0")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("unknown request schema version 0: this library reads schema 1");
        assertThatThrownBy(() -> registry.plan(context, on.replace("powervm.powerOn", "powervm.teleport")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("unknown action 'powervm.teleport' (known: powervm.attachVolume, ");
        assertThatThrownBy(() -> registry.plan(context, on.replace("\"name\"", "\"lpar\"")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("request of action 'powervm.powerOn': unknown field 'lpar'");
        assertThatThrownBy(() -> registry.plan(context, on.replace("\"web1\"", "\"bad name!\"")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("request of action 'powervm.powerOn' refused: LPAR name must be");
        assertThatThrownBy(() -> registry.plan(context, "{\"schema\":1,\"action\":\"powervm.spawn\",\"request\":"
                + "{\"host\":\"sim-a\",\"name\":\"web1\",\"memoryMb\":2048,\"procUnits\":0.5,\"vcpus\":1,\"vlan\":100,"
                + "\"image\":{\"name\":\"rhel9\",\"sizeGb\":\"ten\"},\"diskGb\":20,\"extraVlans\":[],\"volumes\":[],\"bootFromVolume\":false,\"configDrive\":null}}"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("request of action 'powervm.spawn': field 'image.sizeGb': ");
    }

    @Test
    void aRequestNamingAHostOrDiskDriverTheContextLacksIsNotFound() {
        assertThatThrownBy(() -> registry.plan(context,
                "{\"schema\":1,\"action\":\"powervm.powerOn\",\"request\":{\"host\":\"sim-z\",\"name\":\"web1\"}}"))
                .isInstanceOfSatisfying(CommandException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND))
                .hasMessage("no PowerVM host named 'sim-z' here (known: sim-a, sim-b)");
        assertThatThrownBy(() -> registry.plan(context,
                "{\"schema\":1,\"action\":\"powervm.cleanImageCache\",\"request\":{\"host\":\"sim-b\"}}"))
                .isInstanceOf(CommandException.class)
                .hasMessage("no disk driver for PowerVM host 'sim-b' here (known: sim-a)");
    }
}
