package org.iaasengine.libvirt.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.RealHosts;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.store.StoredDefinition;
import org.iaasengine.libvirt.virsh.VirshDriver;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor on host 1's real libvirtd: the host is changed behind the library's back with plain
 * {@code virsh} processes and the model follows; libvirtd is killed and restarted and the monitor
 * recovers (and catches what happened while it was down); the host application restarts (a new
 * model over the same definition store) and shut-down VMs are back. Only domains named
 * {@code iaas-sync-*} are touched. Fails, never skips, when the daemon is missing.
 */
class HostMonitorIT {
    private static final String HOST = "host-1";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<String> created = new ArrayList<>();
    private final List<DriftEvent> drift = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        for (String n : created) {
            virshQuietly("destroy", n);
            virshQuietly("undefine", n);
        }
    }

    private LibvirtJavaDriver javaDriver() {
        LibvirtJavaDriver d = LibvirtJavaDriver.builder(RealHosts.HOST1)
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).keepAlive(2, 3).open();
        toClose.add(d);
        return d;
    }

    private LibvirtHost host(LibvirtDriver driver, DefinitionStore store) {
        return LibvirtHost.builder(HOST, driver).domainType("qemu").store(store).build();
    }

    private HostMonitor monitor(LibvirtHost host, ResourceModel model) {
        HostMonitor m = HostMonitor.builder(host, model).reconcileInterval(Duration.ofMinutes(5)).build();
        m.addDriftListener(drift::add);
        toClose.add(m);
        return m;
    }

    private String name(String suffix) {
        String n = "iaas-sync-" + suffix;
        created.add(n);
        return n;
    }

    private static String xml(String name, String uuid, String mac) {
        return RealHosts.tinyDomainXml(name, mac).replace("<name>", "<uuid>" + uuid + "</uuid><name>");
    }

    /** Creates a transient paused VM as the library does: definition stored, then created. */
    private StoredDefinition createTransient(LibvirtHost host, String name, String mac) {
        String uuid = UUID.randomUUID().toString();
        StoredDefinition d = new StoredDefinition(name, uuid, HOST, Lifecycle.TRANSIENT, null, List.of(),
                "10.1.0.7", xml(name, uuid, mac));
        host.store().put(d);
        host.driver().create(d.domainXml(), true);
        return d;
    }

    private static Optional<VmState> state(ResourceModel model, String name) {
        return model.vm(name).map(Vm::state);
    }

    private static void await(String what, ResourceModel model, Predicate<ResourceModel> condition)
            throws InterruptedException {
        assertThat(RealHosts.await(WAIT, () -> condition.test(model))).as(what).isTrue();
    }

    private List<DriftEvent> driftOf(String vm) {
        return drift.stream().filter(d -> d.vm().equals(vm)).toList();
    }

    // ---------------------------------------------------------------- behind the library's back

    @Test
    void modelFollowsPlainVirshBehindTheLibrarysBack() throws Exception {
        LibvirtHost host = host(javaDriver(), DefinitionStore.open(dir.resolve("definitions")));
        ResourceModel model = new ResourceModel();
        String a = name("a");
        String b = name("b");
        createTransient(host, a, "52:54:00:5c:00:01");
        HostMonitor monitor = monitor(host, model);
        monitor.initModel();
        assertThat(state(model, a)).contains(VmState.PAUSED);
        monitor.start();

        virsh("resume", a);
        await("resumed", model, m -> state(m, a).equals(Optional.of(VmState.RUNNING)));
        virsh("suspend", a);
        await("suspended", model, m -> state(m, a).equals(Optional.of(VmState.PAUSED)));
        virsh("destroy", a);
        await("destroyed: a transient VM with a stored definition is shown off", model,
                m -> state(m, a).equals(Optional.of(VmState.SHUTOFF)));

        Path bXml = dir.resolve("b.xml");
        Files.writeString(bXml, RealHosts.tinyDomainXml(b, "52:54:00:5c:00:02"));
        virsh("define", bXml.toString());
        await("defined: adopted", model, m -> state(m, b).equals(Optional.of(VmState.SHUTOFF)));
        assertThat(model.vm(b).orElseThrow().macs()).containsExactly("52:54:00:5c:00:02");
        assertThat(model.vm(b).orElseThrow().memoryKiB()).isEqualTo(32 * 1024);
        virsh("start", "--paused", b);
        await("started", model, m -> state(m, b).equals(Optional.of(VmState.PAUSED)));
        virsh("destroy", b);
        await("destroyed", model, m -> state(m, b).equals(Optional.of(VmState.SHUTOFF)));
        virsh("undefine", b);
        await("undefined: gone", model, m -> m.vm(b).isEmpty());

        assertThat(driftOf(a)).extracting(DriftEvent::kind, DriftEvent::to).containsExactly(
                tuple(DriftEvent.Kind.STATE_CORRECTED, VmState.RUNNING),
                tuple(DriftEvent.Kind.STATE_CORRECTED, VmState.PAUSED),
                tuple(DriftEvent.Kind.MARKED_OFF, VmState.SHUTOFF));
        assertThat(driftOf(a).get(2).cause()).isEqualTo("event STOPPED destroyed");
        assertThat(driftOf(b)).extracting(DriftEvent::kind, DriftEvent::to).containsExactly(
                tuple(DriftEvent.Kind.ADOPTED, VmState.SHUTOFF),
                tuple(DriftEvent.Kind.STATE_CORRECTED, VmState.PAUSED),
                tuple(DriftEvent.Kind.STATE_CORRECTED, VmState.SHUTOFF),
                tuple(DriftEvent.Kind.REMOVED, null));
    }

    @Test
    void theVirshDriverFollowsADestroyToo() throws Exception {
        LibvirtHost host = host(VirshDriver.open(RealHosts.HOST1), DefinitionStore.open(dir.resolve("definitions")));
        toClose.add(host.driver());
        ResourceModel model = new ResourceModel();
        String v = name("virsh");
        createTransient(host, v, "52:54:00:5c:00:03");
        HostMonitor monitor = monitor(host, model);
        monitor.initModel();
        monitor.start();
        assertThat(monitor.awaitIdle(WAIT)).isTrue();

        virsh("destroy", v);
        await("destroyed", model, m -> state(m, v).equals(Optional.of(VmState.SHUTOFF)));
        // The drift listener hears of the change after the model has it: wait for it too.
        assertThat(RealHosts.await(WAIT, () -> !driftOf(v).isEmpty())).as("drift of %s", v).isTrue();
        assertThat(driftOf(v)).extracting(DriftEvent::kind).containsExactly(DriftEvent.Kind.MARKED_OFF);
    }

    // ---------------------------------------------------------------- restarts

    @Test
    void monitorRecoversFromAKilledLibvirtdAndCatchesUpOnWhatHappenedMeanwhile() throws Exception {
        LibvirtJavaDriver driver = javaDriver();
        LibvirtHost host = host(driver, DefinitionStore.open(dir.resolve("definitions")));
        ResourceModel model = new ResourceModel();
        String alive = name("alive");
        String killed = name("killed");
        createTransient(host, alive, "52:54:00:5c:00:04");
        createTransient(host, killed, "52:54:00:5c:00:05");
        HostMonitor monitor = monitor(host, model);
        monitor.initModel();
        monitor.start();
        assertThat(monitor.awaitIdle(WAIT)).isTrue();
        long qemuOfKilled = Long.parseLong(Files.readString(Path.of("/run/libvirt/qemu/" + killed + ".pid")).trim());

        long libvirtd = Long.parseLong(Files.readString(Path.of("/run/libvirtd.pid")).trim());
        try {
            RealHosts.run("kill", "-9", Long.toString(libvirtd));
            assertThat(RealHosts.await(Duration.ofSeconds(15), () -> !driver.isConnected()))
                    .as("the driver noticed the dead daemon").isTrue();
            RealHosts.run("kill", "-9", Long.toString(qemuOfKilled));   // while nobody watches: no event will tell
        } finally {
            RealHosts.run("bash", RealHosts.scripts().resolve("libvirt-up.sh").toString(), "--no-guest");
        }

        await("the reconcile after the reconnect marks the VM off", model,
                m -> state(m, killed).equals(Optional.of(VmState.SHUTOFF)));
        assertThat(driftOf(killed)).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(DriftEvent.Kind.MARKED_OFF);
            assertThat(d.cause()).isEqualTo("reconcile reconnect");
        });
        assertThat(state(model, alive)).contains(VmState.PAUSED);

        virsh("resume", alive);   // events flow again on the new connection
        await("resumed after the restart", model, m -> state(m, alive).equals(Optional.of(VmState.RUNNING)));
    }

    @Test
    void restartedHostApplicationFindsShutDownVmsAgainFromTheStore() throws Exception {
        Path store = dir.resolve("definitions");
        LibvirtHost first = host(javaDriver(), DefinitionStore.open(store));
        String off = name("off");
        String on = name("on");
        StoredDefinition offDef = createTransient(first, off, "52:54:00:5c:00:06");
        createTransient(first, on, "52:54:00:5c:00:07");
        virsh("destroy", off);   // transient: libvirt forgets it, only the store remembers
        first.driver().close();

        ResourceModel model = new ResourceModel();
        LibvirtHost second = host(javaDriver(), DefinitionStore.open(store));
        SyncReport r = monitor(second, model).initModel();

        assertThat(model.vm(off)).get().satisfies(v -> {
            assertThat(v.state()).isEqualTo(VmState.SHUTOFF);
            assertThat(v.uuid()).isEqualTo(offDef.uuid());
            assertThat(v.ip()).isEqualTo("10.1.0.7");
            assertThat(v.macs()).containsExactly("52:54:00:5c:00:06");
        });
        assertThat(state(model, on)).contains(VmState.PAUSED);
        assertThat(r.drift()).extracting(DriftEvent::vm).doesNotContain(off, on);
    }

    // ---------------------------------------------------------------- plumbing

    private static void virsh(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("virsh", "-q", "-c", RealHosts.HOST1));
        cmd.addAll(List.of(args));
        RealHosts.run(cmd.toArray(String[]::new));
    }

    private static void virshQuietly(String... args) {
        try {
            List<String> cmd = new ArrayList<>(List.of("virsh", "-q", "-c", RealHosts.HOST1));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException | DriverException e) {
            // clean-up only
        }
    }
}
