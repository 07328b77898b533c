package org.iaasengine.libvirt.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.iaasengine.core.Action;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.CopyMode;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.spec.RebootMode;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.sync.HostMonitor;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.request.ActionRegistry;
import org.iaasengine.request.ActionRequest;
import org.iaasengine.request.InvalidRequestException;
import org.iaasengine.request.RequestCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every libvirt action as data: request, JSON, request again (equal), plan rebuilt by the registry
 * with the same steps in the same order as the plan the {@link LibvirtActions} method builds; the
 * JSON of one request of each action pinned (schema stability); bad JSON refused naming what is bad.
 */
class LibvirtRequestsTest {
    private static final UUID UUID_1 = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");

    @TempDir
    Path dir;

    private LibvirtJavaDriver driver;
    private LibvirtHost a;
    private LibvirtHost b;
    private HostMonitor monitor;
    private LibvirtActions actions;
    private LibvirtPlanContext context;
    private final ActionRegistry<LibvirtPlanContext> registry = LibvirtRegistry.registry();
    private final RequestCodec codec = registry.codec();

    @BeforeEach
    void setUp() {
        driver = LibvirtJavaDriver.open("test:///default");
        a = LibvirtHost.builder("host-a", driver).domainType("test").templates(dir.resolve("templates"))
                .storage(dir.resolve("storage-a")).store(DefinitionStore.open(dir.resolve("definitions-a"))).build();
        b = LibvirtHost.builder("host-b", driver).domainType("test").templates(dir.resolve("templates"))
                .storage(dir.resolve("storage-b")).store(DefinitionStore.open(dir.resolve("definitions-b"))).build();
        ResourceModel model = new ResourceModel();
        actions = new LibvirtActions(model).shutdownGrace(Duration.ofSeconds(5));
        monitor = HostMonitor.builder(a, model).build();
        context = LibvirtPlanContext.of(actions, a, b).withMonitor(monitor);
    }

    @AfterEach
    void tearDown() {
        monitor.close();
        driver.close();
    }

    /** Each action's plan as its builder method makes it, and the JSON of the request that plan records. */
    private Map<String, Case> cases() {
        Map<String, Case> c = new LinkedHashMap<>();
        c.put("create", new Case(() -> actions.create(a, CreateRequest.builder("web1").uuid(UUID_1).template("base.qcow2")
                .memoryMiB(1024).vcpus(2).mac("52:54:00:12:34:56").ip("10.0.0.7").network("bridge:br0")
                .lifecycle(Lifecycle.TRANSIENT).copy(CopyMode.FULL)
                .directKernel("/boot/vmlinuz", null, "console=ttyS0").build()),
                "{\"schema\":1,\"action\":\"create\",\"request\":{\"host\":\"host-a\",\"name\":\"web1\","
                        + "\"uuid\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"template\":\"base.qcow2\",\"memoryMiB\":1024,"
                        + "\"vcpus\":2,\"mac\":\"52:54:00:12:34:56\",\"ip\":\"10.0.0.7\",\"network\":\"bridge:br0\","
                        + "\"lifecycle\":\"TRANSIENT\",\"copy\":\"FULL\",\"kernel\":\"/boot/vmlinuz\",\"initrd\":null,"
                        + "\"cmdline\":\"console=ttyS0\",\"serialLog\":null,\"backup\":null,\"userData\":null}}"));
        c.put("start", new Case(() -> actions.start(a, "web1"),
                "{\"schema\":1,\"action\":\"start\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\"}}"));
        c.put("shutdown", new Case(() -> actions.shutdown(a, "web1"),
                "{\"schema\":1,\"action\":\"shutdown\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\"}}"));
        c.put("reboot", new Case(() -> actions.reboot(a, "web1"),
                "{\"schema\":1,\"action\":\"reboot\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\","
                        + "\"mode\":\"SHUTDOWN_START\"}}"));
        c.put("suspend", new Case(() -> actions.suspend(a, "web1"),
                "{\"schema\":1,\"action\":\"suspend\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\"}}"));
        c.put("resume", new Case(() -> actions.resume(a, "web1"),
                "{\"schema\":1,\"action\":\"resume\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\"}}"));
        c.put("backup", new Case(() -> actions.backup(a, "web1", "web1-monday"),
                "{\"schema\":1,\"action\":\"backup\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\","
                        + "\"image\":\"web1-monday\"}}"));
        c.put("delete", new Case(() -> actions.delete(a, "web1", true),
                "{\"schema\":1,\"action\":\"delete\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\","
                        + "\"removeDisks\":true}}"));
        c.put("migrate", new Case(() -> actions.migrate(a, b, "web1"),
                "{\"schema\":1,\"action\":\"migrate\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\","
                        + "\"destination\":\"host-b\"}}"));
        c.put("non-live-migrate", new Case(() -> actions.nonLiveMigrate(a, b, "web1"),
                "{\"schema\":1,\"action\":\"non-live-migrate\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\","
                        + "\"destination\":\"host-b\"}}"));
        c.put("set-vm-ip", new Case(() -> actions.setVmIp(a, "web1", "fd00::7"),
                "{\"schema\":1,\"action\":\"set-vm-ip\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\","
                        + "\"ip\":\"fd00::7\"}}"));
        c.put("host-info", new Case(() -> actions.hostInfo(a),
                "{\"schema\":1,\"action\":\"host-info\",\"request\":{\"host\":\"host-a\"}}"));
        c.put("host-statistical", new Case(() -> actions.hostStatistical(a, Duration.ofMillis(1500)),
                "{\"schema\":1,\"action\":\"host-statistical\",\"request\":{\"host\":\"host-a\","
                        + "\"interval\":\"PT1.5S\"}}"));
        c.put("poweroff", new Case(() -> actions.poweroff(a, "web1"),
                "{\"schema\":1,\"action\":\"poweroff\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\"}}"));
        c.put("soft_poweroff", new Case(() -> actions.softPoweroff(a, "web1"),
                "{\"schema\":1,\"action\":\"soft_poweroff\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\"}}"));
        c.put("poweron", new Case(() -> actions.poweron(a, "web1"),
                "{\"schema\":1,\"action\":\"poweron\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\"}}"));
        c.put("stop", new Case(() -> actions.stop(a, "web1"),
                "{\"schema\":1,\"action\":\"stop\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\"}}"));
        c.put("terminate", new Case(() -> actions.terminate(a, "web1"),
                "{\"schema\":1,\"action\":\"terminate\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\"}}"));
        c.put("cleanup", new Case(() -> actions.cleanup(a, "web1"),
                "{\"schema\":1,\"action\":\"cleanup\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\"}}"));
        c.put("init-model", new Case(monitor::initModelAction,
                "{\"schema\":1,\"action\":\"init-model\",\"request\":{\"host\":\"host-a\",\"uri\":\"test:///default\"}}"));
        c.put("volume-create", new Case(() -> actions.devices().createVolume(a, "data1", 64L << 20),
                "{\"schema\":1,\"action\":\"volume-create\",\"request\":{\"host\":\"host-a\",\"volume\":\"data1\","
                        + "\"sizeBytes\":67108864,\"template\":null}}"));
        c.put("volume-delete", new Case(() -> actions.devices().deleteVolume(a, "data1"),
                "{\"schema\":1,\"action\":\"volume-delete\",\"request\":{\"host\":\"host-a\",\"volume\":\"data1\"}}"));
        c.put("volume-attach", new Case(() -> actions.devices().attachVolume(a, "web1", "data1", "vdb"),
                "{\"schema\":1,\"action\":\"volume-attach\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\","
                        + "\"volume\":\"data1\",\"target\":\"vdb\"}}"));
        c.put("volume-detach", new Case(() -> actions.devices().detachVolume(a, "web1", "data1", Duration.ofSeconds(30)),
                "{\"schema\":1,\"action\":\"volume-detach\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\","
                        + "\"volume\":\"data1\",\"deadline\":\"PT30S\"}}"));
        c.put("nic-attach", new Case(() -> actions.devices().attachNic(a, "web1", "52:54:00:AB:00:01", "network:default"),
                "{\"schema\":1,\"action\":\"nic-attach\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\","
                        + "\"mac\":\"52:54:00:ab:00:01\",\"network\":\"network:default\"}}"));
        c.put("nic-detach", new Case(() -> actions.devices().detachNic(a, "web1", "52:54:00:ab:00:01", Duration.ofSeconds(5)),
                "{\"schema\":1,\"action\":\"nic-detach\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\","
                        + "\"mac\":\"52:54:00:ab:00:01\",\"deadline\":\"PT5S\"}}"));
        return c;
    }

    private record Case(Supplier<Action<?>> direct, String json) {
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

            Action<?> rebuilt = registry.plan(context, json);
            assertThat(rebuilt.name()).as(name).isEqualTo(direct.name());
            assertThat(rebuilt.resourceKey()).as(name).isEqualTo(direct.resourceKey());
            assertThat(rebuilt.steps()).as("steps of %s", name).extracting(Step::name)
                    .containsExactlyElementsOf(direct.steps().stream().map(Step::name).toList())
                    .isNotEmpty();
            assertThat(rebuilt.request()).as(name).contains(request);
        });
    }

    @Test
    void createRecordsTheUuidMacAndLifecycleItChoseSoTheRebuiltPlanMakesTheSameVm() {
        Action<?> direct = actions.create(a, CreateRequest.builder("web2").template("base.qcow2").build());
        CreateRequest recorded = (CreateRequest) direct.request().orElseThrow();
        assertThat(recorded.host()).isEqualTo("host-a");
        assertThat(recorded.uuid()).isNotNull();
        assertThat(recorded.mac()).startsWith("52:54:00:");
        assertThat(recorded.lifecycle()).isEqualTo(Lifecycle.PERSISTENT);
        Action<?> rebuilt = registry.plan(context, codec.toJson(recorded));
        assertThat(rebuilt.request()).contains(recorded);
        assertThat(rebuilt.steps()).extracting(Step::name)
                .containsExactly("RegisterVm", "CopyTemplate", "CreateXml", "DefineVm", "StartVm", "DomInfo");
        assertThat(actions.reboot(a, "web1", RebootMode.LIBVIRT).steps()).extracting(Step::name)
                .containsExactly("LocateVm", "ClaimVm", "RebootVm", "DomInfo");
    }

    @Test
    void anUnknownSchemaVersionActionOrFieldIsRefusedNamingIt() {
        String start = "{\"schema\":1,\"action\":\"start\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\"}}";
        assertThatThrownBy(() -> registry.plan(context, start.replace("\"schema\":1", "\"schema\":7")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("unknown request schema version 7: this library reads schema 1");
        assertThatThrownBy(() -> registry.plan(context, start.replace("\"start\"", "\"teleport\"")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("unknown action 'teleport' (known: backup, cleanup, create, delete, host-info, ");
        assertThatThrownBy(() -> registry.plan(context, start.replace("\"vm\"", "\"domain\"")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("request of action 'start': unknown field 'domain'");
        assertThatThrownBy(() -> registry.plan(context,
                "{\"schema\":1,\"action\":\"delete\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\",\"removeDisks\":\"yes\"}}"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("request of action 'delete': field 'removeDisks': ");
        assertThatThrownBy(() -> registry.plan(context,
                "{\"schema\":1,\"action\":\"reboot\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\",\"mode\":\"HARD\"}}"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("request of action 'reboot': field 'mode': ");
        assertThatThrownBy(() -> registry.plan(context,
                "{\"schema\":1,\"action\":\"host-statistical\",\"request\":{\"host\":\"host-a\",\"interval\":5}}"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("request of action 'host-statistical': field 'interval': ");
    }

    @Test
    void aRequestIsCheckedAsTheBuilderMethodChecksIt() {
        assertThatThrownBy(() -> registry.plan(context, start("web/1"))).isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(InvalidRequestException.class).hasMessageContaining("web/1");
        assertThatThrownBy(() -> registry.plan(context,
                "{\"schema\":1,\"action\":\"start\",\"request\":{\"host\":\"host-z\",\"vm\":\"web1\"}}"))
                .isInstanceOfSatisfying(CommandException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND))
                .hasMessage("no libvirt host named 'host-z' here (known: host-a, host-b)");
    }

    private static String start(String vm) {
        return "{\"schema\":1,\"action\":\"start\",\"request\":{\"host\":\"host-a\",\"vm\":\"" + vm + "\"}}";
    }
}
