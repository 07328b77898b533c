package org.iaasengine.examples.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.examples.RealHosts;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.model.ModelChange;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The orchestrator example on the two real libvirt daemons: create on A, live-migrate to B. */
class TwoHostOrchestratorIT {
    private static final String PREFIX = "iaas-ex-orch-";

    private LibvirtJavaDriver d1;
    private LibvirtJavaDriver d2;
    private Path storage;

    @BeforeEach
    void setUp() throws Exception {
        d1 = LibvirtJavaDriver.open(RealHosts.HOST1);
        d2 = LibvirtJavaDriver.open(RealHosts.HOST2);
        storage = RealHosts.newStorage(PREFIX);
    }

    @AfterEach
    void tearDown() throws Exception {
        RealHosts.removeDomains(d1, PREFIX);
        RealHosts.removeDomains(d2, PREFIX);
        d1.close();
        d2.close();
        RealHosts.deleteTree(storage);
    }

    @Test
    void aVmCreatedOnHostALiveMigratesToHostBAndTheModelFollows() {
        DefinitionStore store = DefinitionStore.open(storage.resolve("definitions"));
        LibvirtHost a = LibvirtHost.builder("host-a", d1).domainType("qemu").templates(RealHosts.TEMPLATES)
                .storage(storage).store(store).build();
        LibvirtHost b = LibvirtHost.builder("host-b", d2).domainType("qemu").templates(RealHosts.TEMPLATES)
                .storage(storage).store(store).build();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String name = PREFIX + "web";
        try (TwoHostOrchestrator o = new TwoHostOrchestrator(a, b,
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            o.discover();
            assertThat(o.model().snapshot().hosts()).containsKeys("host-a", "host-b");

            assertThat(o.create(name, "base.qcow2").host()).isEqualTo("host-a");
            Vm moved = o.migrate(name);
            assertThat(moved.host()).isEqualTo("host-b");
            assertThat(moved.state()).isEqualTo(VmState.RUNNING);
            assertThat(d1.lookup(name)).isEmpty();
            assertThat(d2.state(name).state()).isEqualTo(DomainState.RUNNING);

            assertThat(o.changes()).filteredOn(c -> c instanceof ModelChange.VmUpdated u && u.after().name().equals(name)
                    && u.after().state() == VmState.MIGRATING).as("the model showed the migration").isNotEmpty();
            assertThat(o.changes()).filteredOn(c -> c instanceof ModelChange.VmUpdated u && u.after().name().equals(name)
                    && "host-a".equals(u.before().host()) && "host-b".equals(u.after().host())
                    && u.after().state() == VmState.RUNNING).as("the model followed the VM to host B").hasSize(1);
            assertThat(o.events()).filteredOn(e -> e instanceof EngineEvent.Progress p && p.fraction() == 1.0)
                    .isNotEmpty();

            o.delete(name);
            assertThat(d2.lookup(name)).isEmpty();
            assertThat(o.model().vm(name)).isEmpty();
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("host-a", "host-b", "MIGRATING -> RUNNING");
    }
}
