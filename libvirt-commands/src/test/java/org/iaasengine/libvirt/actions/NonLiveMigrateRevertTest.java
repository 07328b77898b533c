package org.iaasengine.libvirt.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.EngineEvent;
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

/**
 * A NonLiveMigrate that fails when it starts the VM on the destination (libvirt's test driver, in
 * process: the source on {@code test:///default}, the destination on a test driver of its own,
 * loaded from a file, that already has a domain of another name with the VM's UUID, so the
 * destination check (no other VM of that name there) passes and the define or create there fails)
 * reports as reverted the failed StartOnDestination (whose revert of a failed attempt checked that
 * nothing of the VM is left on the destination) and exactly the steps before it whose revert undid
 * something, and gets revert events for those only.
 */
class NonLiveMigrateRevertTest {
    private static final String NAME = "unit-nonlive";
    private static final String OTHER = "unit-nonlive-other";

    @TempDir
    Path dir;

    private LibvirtJavaDriver source;
    private LibvirtJavaDriver destination;
    private LibvirtHost from;
    private LibvirtHost to;
    private ResourceModel model;
    private LibvirtActions actions;
    private Engine engine;
    private final List<String> revertEvents = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        source = LibvirtJavaDriver.open("test:///default");
        from = host("source-host", source);
        model = new ResourceModel();
        actions = new LibvirtActions(model).shutdownGrace(Duration.ofSeconds(2)).acpiResend(Duration.ofMillis(500));
        engine = Engine.builder().workers(2).listener(e -> {
            if (e instanceof EngineEvent.Reverting r) {
                revertEvents.add("reverting " + r.step());
            } else if (e instanceof EngineEvent.Reverted r) {
                revertEvents.add("reverted " + r.step());
            } else if (e instanceof EngineEvent.RevertFailed r) {
                revertEvents.add("revert failed " + r.step());
            }
        }).build();
    }

    private LibvirtHost host(String name, LibvirtJavaDriver driver) {
        return LibvirtHost.builder(name, driver).domainType("test").templates(dir.resolve(name + "/templates"))
                .storage(dir.resolve(name + "/storage")).store(DefinitionStore.open(dir.resolve(name + "/definitions")))
                .build();
    }

    @AfterEach
    void tearDown() {
        engine.close();
        // test:///default keeps its domains while a connection is open: leave none of ours behind.
        source.lookup(NAME).ifPresent(d -> {
            if (d.state().isActive()) {
                source.destroy(NAME);
            }
            if (source.lookup(NAME).map(DomainSummary::persistent).orElse(false)) {
                source.undefine(NAME);
            }
        });
        source.close();
        if (destination != null) {
            destination.close();
        }
    }

    private void create(Lifecycle lifecycle) {
        engine.run(actions.create(from, CreateRequest.builder(NAME).memoryMiB(64).lifecycle(lifecycle).build()));
        revertEvents.clear();
        // Another domain, of another name but with the VM's UUID, is defined (shut off: runstate 5) on
        // the destination: defining or creating ours there fails.
        String uuid = model.vm(NAME).orElseThrow().uuid();
        try {
            Path node = Files.writeString(dir.resolve("destination.xml"), "<node><domain type='test'"
                    + " xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><name>" + OTHER + "</name>"
                    + "<uuid>" + uuid + "</uuid><memory unit='MiB'>32</memory>"
                    + "<os><type>hvm</type></os><test:runstate>5</test:runstate></domain></node>");
            destination = LibvirtJavaDriver.open("test://" + node.toAbsolutePath());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        to = host("destination-host", destination);
    }

    private ActionFailedException failedMigration() {
        String destinationUuid = destination.info(OTHER).uuid();
        ActionFailedException[] failure = new ActionFailedException[1];
        assertThatThrownBy(() -> engine.run(actions.nonLiveMigrate(from, to, NAME)))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> failure[0] = e);
        ActionFailedException e = failure[0];
        assertThat(e.failedStep()).isEqualTo("StartOnDestination");
        assertThat(e.fullyReverted()).as("revert failures %s", e.revertFailures()).isTrue();
        // The destination's own domain was not touched.
        assertThat(destination.info(OTHER).uuid()).isEqualTo(destinationUuid);
        assertThat(destination.lookup(OTHER)).get().extracting(DomainSummary::state).isEqualTo(DomainState.SHUTOFF);
        assertThat(destination.lookup(NAME)).isEmpty();
        // The VM stays where it was, released, in the model and the definition store.
        Vm vm = model.vm(NAME).orElseThrow();
        assertThat(vm.host()).isEqualTo("source-host");
        assertThat(vm.isOwned()).isFalse();
        assertThat(from.store().get(NAME).orElseThrow().host()).isEqualTo("source-host");
        return e;
    }

    @Test
    void aRunningPersistentVmIsDefinedAndStartedAgainOnTheSource() {
        create(Lifecycle.PERSISTENT);

        ActionFailedException e = failedMigration();

        // ReadDefinition has no revert: not listed (it used to be).
        assertThat(e.reverted()).containsExactly("StartOnDestination", "UndefineVm", "ShutdownVm", "ClaimVm");
        assertThat(revertEvents).containsExactly("reverting StartOnDestination", "reverted StartOnDestination",
                "reverting UndefineVm", "reverted UndefineVm",
                "reverting ShutdownVm", "reverted ShutdownVm", "reverting ClaimVm", "reverted ClaimVm");
        assertThat(source.lookup(NAME)).get().satisfies(d -> {
            assertThat(d.persistent()).isTrue();
            assertThat(d.state()).isEqualTo(DomainState.RUNNING);
        });
        assertThat(model.vm(NAME).orElseThrow().state()).isEqualTo(VmState.RUNNING);
    }

    @Test
    void aPersistentVmThatWasAlreadyOffIsOnlyDefinedAgain() {
        create(Lifecycle.PERSISTENT);
        engine.run(actions.shutdown(from, NAME));
        revertEvents.clear();

        ActionFailedException e = failedMigration();

        // ShutdownVm found it off (ALREADY_OFF): nothing to start again, not listed.
        assertThat(e.reverted()).containsExactly("StartOnDestination", "UndefineVm", "ClaimVm");
        assertThat(revertEvents).containsExactly("reverting StartOnDestination", "reverted StartOnDestination",
                "reverting UndefineVm", "reverted UndefineVm",
                "reverting ClaimVm", "reverted ClaimVm");
        assertThat(source.lookup(NAME)).get().satisfies(d -> {
            assertThat(d.persistent()).isTrue();
            assertThat(d.state()).isEqualTo(DomainState.SHUTOFF);
        });
        assertThat(model.vm(NAME).orElseThrow().state()).isEqualTo(VmState.SHUTOFF);
    }

    @Test
    void aRunningTransientVmIsCreatedAgainFromTheStoreButNotRedefined() {
        create(Lifecycle.TRANSIENT);

        ActionFailedException e = failedMigration();

        // UndefineVm found no persistent definition (Optional.empty): nothing to define again, not listed.
        assertThat(e.reverted()).containsExactly("StartOnDestination", "ShutdownVm", "ClaimVm");
        assertThat(revertEvents).containsExactly("reverting StartOnDestination", "reverted StartOnDestination",
                "reverting ShutdownVm", "reverted ShutdownVm",
                "reverting ClaimVm", "reverted ClaimVm");
        assertThat(source.lookup(NAME)).get().satisfies(d -> {
            assertThat(d.persistent()).isFalse();
            assertThat(d.state()).isEqualTo(DomainState.RUNNING);
        });
        assertThat(model.vm(NAME).orElseThrow().state()).isEqualTo(VmState.RUNNING);
    }

    @Test
    void theFailureIsTheDestinationsUuidClash() {
        create(Lifecycle.PERSISTENT);
        ActionFailedException e = failedMigration();
        // libvirt reports a UUID held by another name as VIR_ERR_OPERATION_FAILED: INTERNAL by its code.
        assertThat(e.category()).isEqualTo(FailureCategory.INTERNAL);
        assertThat(e.getCause().getMessage()).contains("destination.xml").contains(OTHER)
                .contains("already defined with uuid " + model.vm(NAME).orElseThrow().uuid());
        assertThat(e.getMessage()).endsWith("reverted [StartOnDestination, UndefineVm, ShutdownVm, ClaimVm]");
    }
}
