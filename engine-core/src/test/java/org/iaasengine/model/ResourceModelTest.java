package org.iaasengine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.junit.jupiter.api.Test;

class ResourceModelTest {

    private static Vm vm(String name, VmState state) {
        return Vm.builder(name).host("host-a").state(state).vcpus(1).memoryKiB(32768).build();
    }

    @Test
    void snapshotsStayConsistentUnderConcurrentWriters() throws Exception {
        ResourceModel model = new ResourceModel();
        // Invariant kept by every write: vm a and vm b together hold 100 vCPUs.
        model.update(m -> {
            m.putVm(vm("a", VmState.RUNNING).toBuilder().vcpus(50).build());
            m.putVm(vm("b", VmState.RUNNING).toBuilder().vcpus(50).build());
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int seed = w;
            writers.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < 20_000; i++) {
                    int shift = (i + seed) % 7 - 3;
                    model.update(m -> {
                        Vm a = m.vm("a").orElseThrow();
                        Vm b = m.vm("b").orElseThrow();
                        int na = Math.max(0, Math.min(100, a.vcpus() + shift));
                        m.putVm(a.toBuilder().vcpus(na).build());
                        m.putVm(b.toBuilder().vcpus(100 - na).build());
                    });
                }
                return null;
            }));
        }
        List<Integer> violations = new CopyOnWriteArrayList<>();
        Future<?> reader = pool.submit(() -> {
            go.await();
            long reads = 0;
            while (!stop.get() || reads < 1000) {
                ModelSnapshot s = model.snapshot();
                int sum = s.vms().get("a").vcpus() + s.vms().get("b").vcpus();
                if (sum != 100) {
                    violations.add(sum);
                }
                reads++;
            }
            return null;
        });
        go.countDown();
        for (Future<?> w : writers) {
            w.get(60, TimeUnit.SECONDS);
        }
        stop.set(true);
        reader.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(violations).isEmpty();
        assertThat(model.snapshot().version()).isEqualTo(model.version());
    }

    @Test
    void listenersSeeEveryChangeInOrderWithVersions() {
        ResourceModel model = new ResourceModel();
        List<ModelChange> changes = new ArrayList<>();
        model.addListener(changes::add);
        model.putHost(Host.of("host-a", "qemu:///system"));
        model.putVm(vm("web1", VmState.SHUTOFF));
        model.putVm(vm("web1", VmState.RUNNING));
        model.putVm(vm("web1", VmState.RUNNING)); // no change, no event
        model.removeVm("web1");
        assertThat(changes).extracting(c -> c.getClass().getSimpleName())
                .containsExactly("HostAdded", "VmAdded", "VmUpdated", "VmRemoved");
        assertThat(changes).extracting(ModelChange::version).containsExactly(1L, 2L, 3L, 4L);
        ModelChange.VmUpdated upd = (ModelChange.VmUpdated) changes.get(2);
        assertThat(upd.before().state()).isEqualTo(VmState.SHUTOFF);
        assertThat(upd.after().state()).isEqualTo(VmState.RUNNING);
    }

    @Test
    void aThrowingListenerDoesNotStopTheWriteOrOtherListeners() {
        ResourceModel model = new ResourceModel();
        List<ModelChange> seen = new ArrayList<>();
        model.addListener(c -> {
            throw new IllegalStateException("bug");
        });
        model.addListener(seen::add);
        model.putVm(vm("a", VmState.RUNNING));
        assertThat(model.vm("a")).isPresent();
        assertThat(seen).hasSize(1);
    }

    @Test
    void aSyncDoesNotOverwriteTheTransitionalStateOfAnOwnedVm() {
        ResourceModel model = new ResourceModel();
        model.putVm(vm("web1", VmState.RUNNING).withIp("10.0.0.5"));
        Vm before = model.claim("web1", "action-1", VmState.STOPPING);
        assertThat(before.state()).isEqualTo(VmState.RUNNING);
        model.observe(vm("web1", VmState.SHUTOFF).toBuilder().vcpus(2).build());
        Vm during = model.vm("web1").orElseThrow();
        assertThat(during.state()).isEqualTo(VmState.STOPPING);
        assertThat(during.owner()).isEqualTo("action-1");
        assertThat(during.vcpus()).isEqualTo(2);
        assertThat(during.ip()).isEqualTo("10.0.0.5");
        model.release("web1", "action-1", v -> v.withState(VmState.SHUTOFF));
        Vm after = model.vm("web1").orElseThrow();
        assertThat(after.state()).isEqualTo(VmState.SHUTOFF);
        assertThat(after.isOwned()).isFalse();
        model.observe(vm("web1", VmState.RUNNING));
        assertThat(model.vm("web1").orElseThrow().state()).isEqualTo(VmState.RUNNING);
    }

    @Test
    void aVmOwnedByOneActionCannotBeClaimedByAnother() {
        ResourceModel model = new ResourceModel();
        model.putVm(vm("web1", VmState.RUNNING));
        model.claim("web1", "a1", VmState.SUSPENDING);
        assertThatThrownBy(() -> model.claim("web1", "a2", VmState.STOPPING))
                .isInstanceOfSatisfying(CommandException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT))
                .hasMessageContaining("web1").hasMessageContaining("a1");
        assertThatThrownBy(() -> model.claim("ghost", "a2", VmState.STOPPING))
                .isInstanceOfSatisfying(CommandException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND));
        assertThatThrownBy(() -> model.claim("web1", "a1", VmState.RUNNING))
                .hasMessageContaining("transitional");
        // Releasing with the wrong owner changes nothing.
        model.release("web1", "a2", v -> v.withState(VmState.SHUTOFF));
        assertThat(model.vm("web1").orElseThrow().state()).isEqualTo(VmState.SUSPENDING);
    }

    @Test
    void aClaimOnTheWrongHostIsRefusedAndChangesNothing() {
        ResourceModel model = new ResourceModel();
        model.putVm(vm("web1", VmState.RUNNING).withHost("host1"));
        long version = model.version();
        assertThatThrownBy(() -> model.claim("web1", "host2", "a1", VmState.DELETING))
                .isInstanceOfSatisfying(CommandException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT))
                .hasMessageContaining("'host1'").hasMessageContaining("'host2'");
        assertThat(model.version()).isEqualTo(version);
        assertThat(model.vm("web1").orElseThrow()).satisfies(v -> {
            assertThat(v.state()).isEqualTo(VmState.RUNNING);
            assertThat(v.isOwned()).isFalse();
        });
        assertThat(model.claim("web1", "host1", "a1", VmState.DELETING).state()).isEqualTo(VmState.RUNNING);
    }

    @Test
    void aFailedUpdateChangesNothing() {
        ResourceModel model = new ResourceModel();
        model.putVm(vm("a", VmState.RUNNING));
        long v = model.version();
        List<ModelChange> seen = new ArrayList<>();
        model.addListener(seen::add);
        assertThatThrownBy(() -> model.update(m -> {
            m.putVm(vm("a", VmState.SHUTOFF));
            m.putVm(vm("b", VmState.RUNNING));
            m.removeVm("a");
            m.vm("missing").orElseThrow(() -> new IllegalStateException("missing"));
        })).hasMessage("missing");
        assertThat(model.version()).isEqualTo(v);
        assertThat(model.vm("a").orElseThrow().state()).isEqualTo(VmState.RUNNING);
        assertThat(model.vm("b")).isEmpty();
        assertThat(model.snapshot().vms()).containsOnlyKeys("a");
        assertThat(seen).isEmpty();
    }

    @Test
    void recordsRejectBadValuesNamingThem() {
        assertThatThrownBy(() -> Vm.builder("").build()).hasMessageContaining("vm name must not be empty");
        assertThatThrownBy(() -> Vm.builder("x").vcpus(-2).build()).hasMessageContaining("-2");
        assertThatThrownBy(() -> Vm.builder("x").memoryKiB(-5).build()).hasMessageContaining("-5");
        assertThat(VmState.MIGRATING.isTransitional()).isTrue();
        assertThat(VmState.RUNNING.isTransitional()).isFalse();
    }

    @Test
    void snapshotListsVmsOfAHostSorted() {
        ResourceModel model = new ResourceModel();
        model.putVm(vm("b", VmState.RUNNING));
        model.putVm(vm("a", VmState.RUNNING));
        model.putVm(vm("c", VmState.RUNNING).withHost("host-b"));
        assertThat(model.snapshot().vmsOn("host-a")).extracting(Vm::name).containsExactly("a", "b");
        ModelSnapshot s = model.snapshot();
        assertThat(model.snapshot()).isSameAs(s);
        model.removeVm("a");
        assertThat(model.snapshot()).isNotSameAs(s);
        assertThat(s.vm("a")).isPresent();
    }

    @Test
    void aVmsStatusFollowsItsStableStateAndSurvivesATransitionalOne() throws Exception {
        Vm running = vm("web1", VmState.RUNNING);
        assertThat(running.status()).isEqualTo(VmStatus.ONLINE);
        assertThat(running.withState(VmState.STOPPING).status()).isEqualTo(VmStatus.ONLINE);
        assertThat(running.withState(VmState.SHUTOFF).status()).isEqualTo(VmStatus.OFFLINE);
        assertThat(running.toBuilder().state(VmState.CRASHED).build().status()).isEqualTo(VmStatus.OFFLINE);
        assertThat(vm("new", VmState.CREATING).status()).isEqualTo(VmStatus.UNKNOWN);
        // isOwned() also writes "owned", derived from owner: ignored on the way back.
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
                .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        String text = json.writeValueAsString(running.withState(VmState.HALTING));
        assertThat(text).contains("\"state\":\"HALTING\"", "\"status\":\"ONLINE\"");
        assertThat(json.readValue(text, Vm.class)).isEqualTo(running.withState(VmState.HALTING));
    }

    @Test
    void anOwnedVmTakesTheObservedStatusAndAHaltingOneStaysHaltingWhileTheHostRunsIt() {
        ResourceModel model = new ResourceModel();
        model.putVm(vm("web1", VmState.RUNNING));
        model.claim("web1", "a-1", VmState.STOPPING);
        model.observe(vm("web1", VmState.SHUTOFF));
        assertThat(model.vm("web1").orElseThrow()).extracting(Vm::state, Vm::status, Vm::owner)
                .containsExactly(VmState.STOPPING, VmStatus.OFFLINE, "a-1");
        model.release("web1", "a-1", v -> v.withState(VmState.RUNNING).withState(VmState.HALTING));
        model.observe(vm("web1", VmState.RUNNING));
        assertThat(model.vm("web1").orElseThrow()).extracting(Vm::state, Vm::status)
                .containsExactly(VmState.HALTING, VmStatus.ONLINE);
        model.observe(vm("web1", VmState.SHUTOFF));
        assertThat(model.vm("web1").orElseThrow()).extracting(Vm::state, Vm::status)
                .containsExactly(VmState.SHUTOFF, VmStatus.OFFLINE);
    }
}
