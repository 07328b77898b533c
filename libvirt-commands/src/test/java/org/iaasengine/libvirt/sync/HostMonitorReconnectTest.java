package org.iaasengine.libvirt.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.virsh.VirshDriver;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconnect hook of the port as the monitor uses it: whatever the driver, the monitor registers
 * through {@link LibvirtDriver#addReconnectListener} and reconciles when told; a driver that never
 * reconnects hands back a handle that does nothing.
 */
class HostMonitorReconnectTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private LibvirtJavaDriver real;
    private final AtomicReference<Runnable> registered = new AtomicReference<>();
    private final AtomicBoolean handleClosed = new AtomicBoolean();
    private final List<DriftEvent> drift = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        real = LibvirtJavaDriver.open("test:///default");
    }

    @AfterEach
    void tearDown() {
        real.close();
    }

    /**
     * The test driver behind a port of another class (so nothing can tell it is the libvirt-java
     * driver) that hears no events and keeps the reconnect listener it is given.
     */
    private LibvirtDriver wrapped() {
        return (LibvirtDriver) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {LibvirtDriver.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "addReconnectListener" -> {
                        registered.set((Runnable) args[0]);
                        yield (AutoCloseable) () -> handleClosed.set(true);
                    }
                    case "subscribe" -> (AutoCloseable) () -> { };
                    default -> {
                        try {
                            yield method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }

    @Test
    void aReconnectToldThroughThePortTriggersAFullReconcileAndCloseUnregisters() throws Exception {
        ResourceModel model = new ResourceModel();
        LibvirtHost host = LibvirtHost.builder("test-host", wrapped()).domainType("test")
                .store(DefinitionStore.open(dir.resolve("definitions"))).build();
        HostMonitor monitor = HostMonitor.builder(host, model).scheduler(new ManualScheduler())
                .reconcileInterval(Duration.ZERO).build();
        monitor.addDriftListener(drift::add);
        try {
            monitor.initModel();
            monitor.start();
            assertThat(monitor.awaitIdle(WAIT)).isTrue();
            assertThat(registered.get()).as("the monitor registered through the port").isNotNull();
            drift.clear();

            real.suspend("test");   // no event reaches the monitor: only a reconcile can see it
            registered.get().run();
            assertThat(monitor.awaitIdle(WAIT)).isTrue();

            assertThat(model.vm("test").orElseThrow().state()).isEqualTo(VmState.PAUSED);
            assertThat(drift).extracting(DriftEvent::kind, DriftEvent::cause)
                    .containsExactly(tuple(DriftEvent.Kind.STATE_CORRECTED, "reconcile reconnect"));
        } finally {
            monitor.close();
        }
        assertThat(handleClosed).as("close() closed the reconnect handle").isTrue();
    }

    @Test
    void aDriverThatNeverReconnectsAcceptsAListenerAndNeverCallsIt() throws Exception {
        AtomicBoolean called = new AtomicBoolean();
        LibvirtDriver virsh = VirshDriver.open("test:///default");
        try {
            AutoCloseable handle = virsh.addReconnectListener(() -> called.set(true));
            handle.close();
            handle.close();
        } finally {
            virsh.close();
        }
        assertThat(called).isFalse();
    }
}
