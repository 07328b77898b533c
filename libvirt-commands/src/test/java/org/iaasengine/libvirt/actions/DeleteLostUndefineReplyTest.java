package org.iaasengine.libvirt.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Delete whose undefine call undefined the domain but lost its reply (libvirt's test driver, the
 * reply dropped by a proxy) fails, and UndefineVm's revert of its failed call defines the domain
 * again: the persistent VM the model keeps as shut off and the store keeps as persistent is still
 * defined on its host (it used to be left undefined: a persistent VM on no host).
 */
class DeleteLostUndefineReplyTest {
    private static final String NAME = "unit-delete-lost-undefine";

    @TempDir
    Path dir;

    private LibvirtJavaDriver real;
    private Engine engine;

    @BeforeEach
    void setUp() {
        real = LibvirtJavaDriver.open("test:///default");
        engine = Engine.builder().workers(1).build();
    }

    @AfterEach
    void tearDown() {
        engine.close();
        real.lookup(NAME).ifPresent(d -> {
            if (d.state().isActive()) {
                real.destroy(NAME);
            }
            if (real.lookup(NAME).map(DomainSummary::persistent).orElse(false)) {
                real.undefine(NAME);
            }
        });
        real.close();
    }

    /** The test driver, but an undefine call's reply is lost after the domain was undefined. */
    private LibvirtDriver losingUndefineReplies() {
        return (LibvirtDriver) Proxy.newProxyInstance(LibvirtDriver.class.getClassLoader(),
                new Class<?>[] {LibvirtDriver.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("undefine")) {
                        throw new DriverException(LibvirtError.OPERATION_TIMEOUT, FailureCategory.TIMEOUT,
                                "undefine: the reply was lost", null);
                    }
                    return result;
                });
    }

    @Test
    void aLostUndefineReplyIsRevertedByDefiningTheDomainAgain() {
        LibvirtHost host = LibvirtHost.builder("h1", losingUndefineReplies()).domainType("test")
                .templates(dir.resolve("templates")).storage(dir.resolve("storage"))
                .store(DefinitionStore.open(dir.resolve("definitions"))).build();
        ResourceModel model = new ResourceModel();
        LibvirtActions actions = new LibvirtActions(model).shutdownGrace(Duration.ofMillis(200))
                .acpiResend(Duration.ofMillis(100));
        engine.run(actions.create(host, CreateRequest.builder(NAME).memoryMiB(32).lifecycle(Lifecycle.PERSISTENT)
                .build()));
        String uuid = model.vm(NAME).orElseThrow().uuid();

        assertThatThrownBy(() -> engine.run(actions.delete(host, NAME, true)))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.failedStep()).isEqualTo("UndefineVm");
                    assertThat(e.reverted()).contains("UndefineVm");
                    assertThat(e.fullyReverted()).as("revert failures %s", e.revertFailures()).isTrue();
                });

        assertThat(real.lookup(NAME)).as("defined again").hasValueSatisfying(d -> {
            assertThat(d.persistent()).isTrue();
            assertThat(d.uuid()).isEqualTo(uuid);
        });
        assertThat(model.vm(NAME)).hasValueSatisfying(v -> {
            assertThat(v.state()).isEqualTo(VmState.SHUTOFF);
            assertThat(v.isOwned()).isFalse();
        });
        assertThat(host.store().get(NAME)).hasValueSatisfying(d -> assertThat(d.lifecycle())
                .isEqualTo(Lifecycle.PERSISTENT));
    }
}
