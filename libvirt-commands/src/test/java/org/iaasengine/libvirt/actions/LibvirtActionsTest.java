package org.iaasengine.libvirt.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The actions against libvirt's test driver, opened in process: no daemon needed. */
class LibvirtActionsTest {
    @TempDir
    Path dir;

    private LibvirtJavaDriver driver;
    private LibvirtHost host;
    private ResourceModel model;
    private LibvirtActions actions;
    private Engine engine;

    @BeforeEach
    void setUp() {
        driver = LibvirtJavaDriver.open("test:///default");
        host = LibvirtHost.builder("test-host", driver).domainType("test")
                .templates(dir.resolve("templates")).storage(dir.resolve("storage"))
                .store(DefinitionStore.open(dir.resolve("definitions"))).build();
        model = new ResourceModel();
        actions = new LibvirtActions(model).shutdownGrace(Duration.ofSeconds(2)).acpiResend(Duration.ofMillis(500));
        engine = Engine.builder().workers(4).build();
    }

    @AfterEach
    void tearDown() {
        engine.close();
        driver.close();
    }

    private Vm create(String name, Lifecycle lifecycle) {
        return engine.run(actions.create(host, CreateRequest.builder(name).memoryMiB(64).vcpus(2)
                .lifecycle(lifecycle).ip("10.0.0.7").build()));
    }

    @Test
    void createDefinesAndStartsAPersistentVmAndRecordsIt() {
        Vm vm = create("unit-create", Lifecycle.PERSISTENT);
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(vm.host()).isEqualTo("test-host");
        assertThat(vm.vcpus()).isEqualTo(2);
        assertThat(vm.memoryKiB()).isEqualTo(64 * 1024);
        assertThat(vm.macs()).singleElement().asString().matches("52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}");
        assertThat(vm.ip()).isEqualTo("10.0.0.7");
        assertThat(vm.isOwned()).isFalse();
        assertThat(vm.uuid()).isEqualTo(driver.info("unit-create").uuid());
        assertThat(driver.lookup("unit-create")).get().extracting(DomainSummary::persistent).isEqualTo(true);
        assertThat(host.store().get("unit-create")).get().satisfies(d -> {
            assertThat(d.domainXml()).contains(vm.macs().get(0));
            assertThat(d.ip()).isEqualTo("10.0.0.7");
        });
        assertThat(vm.definitionRef()).endsWith(vm.uuid() + ".xml");
    }

    @Test
    void aFailedCreateLeavesNothingBehind() {
        // A domain of the same name exists on the host, unknown to the model: define fails.
        driver.define("<domain type='test'><name>unit-clash</name><memory unit='MiB'>32</memory>"
                + "<os><type>hvm</type></os></domain>");
        List<String> before = names();
        assertThatThrownBy(() -> create("unit-clash", Lifecycle.TRANSIENT))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT);
                    assertThat(e.failedStep()).isEqualTo("CreateVm");
                    assertThat(e.reverted()).containsExactly("CreateXml", "RegisterVm");
                    assertThat(e.fullyReverted()).isTrue();
                });
        assertThat(model.vm("unit-clash")).isEmpty();
        assertThat(host.store().get("unit-clash")).isEmpty();
        assertThat(names()).isEqualTo(before);
    }

    @Test
    void aMacAlreadyUsedInTheModelIsAConflictBeforeAnythingIsCreated() {
        Vm first = create("unit-mac-a", Lifecycle.PERSISTENT);
        List<String> before = names();
        assertThatThrownBy(() -> engine.run(actions.create(host,
                CreateRequest.builder("unit-mac-b").memoryMiB(64).mac(first.macs().get(0).toUpperCase()).build())))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT);
                    assertThat(e.getMessage()).contains(first.macs().get(0)).contains("unit-mac-a");
                });
        assertThat(names()).isEqualTo(before);
        assertThat(host.store().get("unit-mac-b")).isEmpty();
    }

    @Test
    void suspendResumeRebootAndShutdownFollowTheHost() {
        create("unit-life", Lifecycle.PERSISTENT);
        assertThat(engine.run(actions.suspend(host, "unit-life")).state()).isEqualTo(VmState.PAUSED);
        assertThat(driver.state("unit-life").state()).isEqualTo(DomainState.PAUSED);
        assertThat(engine.run(actions.suspend(host, "unit-life")).state()).isEqualTo(VmState.PAUSED);
        assertThat(engine.run(actions.resume(host, "unit-life")).state()).isEqualTo(VmState.RUNNING);
        assertThat(engine.run(actions.reboot(host, "unit-life")).state()).isEqualTo(VmState.RUNNING);
        assertThat(engine.run(actions.shutdown(host, "unit-life")).state()).isEqualTo(VmState.SHUTOFF);
        assertThat(driver.state("unit-life").state()).isEqualTo(DomainState.SHUTOFF);
        // Already off is success.
        assertThat(engine.run(actions.shutdown(host, "unit-life")).state()).isEqualTo(VmState.SHUTOFF);
        assertThat(engine.run(actions.start(host, "unit-life")).state()).isEqualTo(VmState.RUNNING);
    }

    @Test
    void resumingARunningVmIsSuccessButSuspendingAStoppedOneIsAConflict() {
        create("unit-conflict", Lifecycle.PERSISTENT);
        engine.run(actions.resume(host, "unit-conflict"));
        engine.run(actions.shutdown(host, "unit-conflict"));
        assertThatThrownBy(() -> engine.run(actions.suspend(host, "unit-conflict")))
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT));
        Vm vm = model.vm("unit-conflict").orElseThrow();
        assertThat(vm.state()).isEqualTo(VmState.SHUTOFF);
        assertThat(vm.isOwned()).isFalse();
    }

    @Test
    void aTransientVmThatStoppedIsStartedAgainFromTheStore() {
        create("unit-transient", Lifecycle.TRANSIENT);
        engine.run(actions.shutdown(host, "unit-transient"));
        assertThat(driver.lookup("unit-transient")).isEmpty();
        assertThat(model.vm("unit-transient").orElseThrow().state()).isEqualTo(VmState.SHUTOFF);
        assertThat(host.store().get("unit-transient")).isPresent();
        Vm again = engine.run(actions.start(host, "unit-transient"));
        assertThat(again.state()).isEqualTo(VmState.RUNNING);
        assertThat(driver.lookup("unit-transient")).get().extracting(DomainSummary::persistent).isEqualTo(false);
    }

    @Test
    void deleteRemovesTheVmEverywhere() {
        create("unit-delete", Lifecycle.PERSISTENT);
        engine.run(actions.delete(host, "unit-delete", true));
        assertThat(driver.lookup("unit-delete")).isEmpty();
        assertThat(model.vm("unit-delete")).isEmpty();
        assertThat(host.store().get("unit-delete")).isEmpty();
        // Deleting what is gone is success.
        engine.run(actions.delete(host, "unit-delete", true));
    }

    @Test
    void setVmIpRecordsTheAddressInTheModelAndTheStore() {
        create("unit-ip", Lifecycle.PERSISTENT);
        assertThat(engine.run(actions.setVmIp(host, "unit-ip", "192.168.10.20")).ip()).isEqualTo("192.168.10.20");
        assertThat(host.store().get("unit-ip").orElseThrow().ip()).isEqualTo("192.168.10.20");
        assertThatThrownBy(() -> actions.setVmIp(host, "unit-ip", "300.1.1.1")).hasMessageContaining("300.1.1.1");
        assertThatThrownBy(() -> engine.run(actions.setVmIp(host, "ghost", "10.0.0.1")))
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND));
    }

    @Test
    void anIpv6AddressWithAnEmbeddedDottedQuadIsRecorded() {
        create("unit-mapped", Lifecycle.PERSISTENT);
        assertThat(engine.run(actions.setVmIp(host, "unit-mapped", "::ffff:192.0.2.1")).ip()).isEqualTo("::ffff:192.0.2.1");
        assertThat(host.store().get("unit-mapped")).get().extracting(d -> d.ip()).isEqualTo("::ffff:192.0.2.1");
        Vm v6 = engine.run(actions.create(host, CreateRequest.builder("unit-mapped-2").memoryMiB(32)
                .ip("64:ff9b::192.0.2.33").build()));
        assertThat(v6.ip()).isEqualTo("64:ff9b::192.0.2.33");
    }

    @Test
    void hostInfoWritesTheHostIntoTheModel() {
        var h = engine.run(actions.hostInfo(host));
        assertThat(h.name()).isEqualTo("test-host");
        assertThat(h.cpus()).isPositive();
        assertThat(h.memoryKiB()).isPositive();
        assertThat(model.host("test-host")).contains(h);
    }

    @Test
    void badInputIsRejectedNamingTheValueBeforeAnySideEffect() throws Exception {
        List<String> before = names();
        assertThatThrownBy(() -> actions.create(host, CreateRequest.builder("a/b").build())).hasMessageContaining("a/b");
        assertThatThrownBy(() -> actions.create(host, CreateRequest.builder("").build()))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> actions.create(host, CreateRequest.builder("x".repeat(1001)).build()))
                .hasMessageContaining("1001");
        assertThatThrownBy(() -> actions.create(host, CreateRequest.builder("line\nbreak").build()))
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> actions.create(host, CreateRequest.builder("vm").memoryMiB(-1).build()))
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> actions.create(host, CreateRequest.builder("vm").memoryMiB(Long.MAX_VALUE).build()))
                .hasMessageContaining(Long.toString(Long.MAX_VALUE));
        assertThatThrownBy(() -> actions.create(host, CreateRequest.builder("vm").vcpus(0).build()))
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> actions.create(host, CreateRequest.builder("vm").vcpus(100_000).build()))
                .hasMessageContaining("100000");
        assertThatThrownBy(() -> actions.create(host, CreateRequest.builder("vm").mac("01:00:5e:00:00:01").build()))
                .hasMessageContaining("multicast");
        assertThatThrownBy(() -> actions.create(host, CreateRequest.builder("vm").mac("zz:00:00:00:00:00").build()))
                .hasMessageContaining("zz:00:00:00:00:00");
        assertThatThrownBy(() -> actions.create(host, CreateRequest.builder("vm").template("../../etc/passwd").build()))
                .hasMessageContaining("../../etc/passwd").hasMessageContaining("escapes");
        assertThatThrownBy(() -> actions.create(host, CreateRequest.builder("vm").template("/etc/passwd").build()))
                .hasMessageContaining("/etc/passwd");
        assertThatThrownBy(() -> actions.create(host, CreateRequest.builder("vm").network("bridge:br0;reboot").build()))
                .hasMessageContaining("br0;reboot");
        assertThatThrownBy(() -> actions.create(host, CreateRequest.builder("vm").ip("1.2.3").build()))
                .hasMessageContaining("1.2.3");
        for (String name : List.of(".", "..")) {
            assertThatThrownBy(() -> actions.create(host, CreateRequest.builder(name).build()))
                    .hasMessageContaining("'" + name + "'");
            assertThatThrownBy(() -> actions.start(host, name)).hasMessageContaining("'" + name + "'");
            assertThatThrownBy(() -> actions.shutdown(host, name)).hasMessageContaining("'" + name + "'");
            assertThatThrownBy(() -> actions.delete(host, name, true)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + name + "'");
        }
        assertThatThrownBy(() -> actions.create(host, CreateRequest.builder("h2-\u202Eexe.txt").build()))
                .hasMessageContaining("'h2-\\u202Eexe.txt'");
        assertThatThrownBy(() -> actions.create(host, CreateRequest.builder("vm").mac("00:00:00:00:00:00").build()))
                .hasMessageContaining("'00:00:00:00:00:00'");
        assertThatThrownBy(() -> actions.setVmIp(host, "vm", "fe80::1%eth0")).hasMessageContaining("'fe80::1%eth0'");
        assertThat(names()).isEqualTo(before);
        assertThat(model.snapshot().vms()).isEmpty();
        assertThat(host.store().all()).isEmpty();
        try (var files = Files.list(host.store().directory())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void hostileButLegalNamesWorkEndToEnd() {
        for (String name : List.of("web 1; rm -rf ~", "q'uote\"d", "$(touch x)`id`", "a<b>&c", "ünï-çødé-名前", "...",
                ".hidden", "a..b")) {
            Vm vm = create(name, Lifecycle.PERSISTENT);
            assertThat(vm.name()).isEqualTo(name);
            assertThat(driver.info(name).name()).isEqualTo(name);
            engine.run(actions.delete(host, name, true));
            assertThat(driver.lookup(name)).isEmpty();
        }
        assertThat(model.snapshot().vms()).isEmpty();
    }

    private List<String> names() {
        return driver.listDomains().stream().map(DomainSummary::name).sorted().toList();
    }
}
