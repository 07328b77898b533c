package org.iaasengine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.iaasengine.model.Host;
import org.iaasengine.model.HostState;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.junit.jupiter.api.Test;

/** The cluster model: each node speaks for itself, so reports of a migration may come in any order. */
class ClusterModelTest {
    private static Vm vm(String name, String host, VmState state) {
        return Vm.builder(name).host(host).state(state).vcpus(1).memoryKiB(32768).build();
    }

    private static Jobs.ModelEvent put(Vm v) {
        return new Jobs.ModelEvent(Jobs.ChangeKind.VM_PUT, v, null);
    }

    private static Jobs.ModelEvent gone(Vm v) {
        return new Jobs.ModelEvent(Jobs.ChangeKind.VM_GONE, v, null);
    }

    @Test
    void aMigrationEndsOnTheDestinationWhicheverNodeReportsFirst() {
        for (boolean destinationFirst : new boolean[] {true, false}) {
            ClusterModel m = new ClusterModel();
            m.apply("a", put(vm("web", "a", VmState.RUNNING)));
            if (destinationFirst) {
                m.apply("b", put(vm("web", "b", VmState.RUNNING)));
                m.apply("a", gone(vm("web", "a", VmState.MIGRATING)));
            } else {
                m.apply("a", gone(vm("web", "a", VmState.MIGRATING)));
                m.apply("b", put(vm("web", "b", VmState.RUNNING)));
            }
            assertThat(m.snapshot().vm("web")).as("destination first: %s", destinationFirst)
                    .hasValueSatisfying(v -> assertThat(v.host()).isEqualTo("b"));
        }
    }

    @Test
    void aNodeCannotPutOrRemoveVmsOfAnotherHost() {
        ClusterModel m = new ClusterModel();
        m.apply("b", put(vm("web", "b", VmState.RUNNING)));
        m.apply("a", put(vm("web", "b", VmState.SHUTOFF)));
        m.apply("a", gone(vm("web", "b", VmState.RUNNING)));
        assertThat(m.snapshot().vm("web")).hasValueSatisfying(v -> {
            assertThat(v.host()).isEqualTo("b");
            assertThat(v.state()).isEqualTo(VmState.RUNNING);
        });
    }

    @Test
    void anInitModelReplacesWhatTheModelHeldOfThatNodeOnly() {
        ClusterModel m = new ClusterModel();
        m.apply("a", put(vm("old", "a", VmState.RUNNING)));
        m.apply("b", put(vm("other", "b", VmState.RUNNING)));
        m.replace("a", new Jobs.ModelState(List.of(Host.of("a", "qemu:///system")),
                List.of(vm("new", "a", VmState.SHUTOFF), vm("foreign", "b", VmState.RUNNING))));
        assertThat(m.snapshot().vms().keySet()).containsExactlyInAnyOrder("new", "other");
        assertThat(m.snapshot().hosts()).containsOnlyKeys("a");
        m.hostState("a", HostState.UNKNOWN);
        assertThat(m.snapshot().host("a")).hasValueSatisfying(h -> assertThat(h.state()).isEqualTo(HostState.UNKNOWN));
    }
}
