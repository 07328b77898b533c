package org.iaasengine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.iaasengine.agent.placement.Demand;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.libvirt.actions.LibvirtRegistry;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.StartRequest;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;
import org.junit.jupiter.api.Test;

/** A placed create: what it accepts, and its request bound to the chosen host as the agents' registry reads it. */
class PlacedCreateTest {
    /** A request with no host field at all. */
    record NoHost(String vm) implements ActionRequest {
        public String action() {
            return "no-host";
        }

        public ResourceKey resource() {
            return ResourceKey.vm(vm);
        }
    }

    @Test
    void theRequestIsBoundToTheChosenHostAndReadsBackAsTheSameCreate() {
        UUID id = UUID.randomUUID();
        CreateRequest c = CreateRequest.builder("web1").uuid(id).memoryMiB(256).vcpus(2).build();
        PlacedCreate p = PlacedCreate.of(c, Demand.builder("web1", 256, 2).build()).ha(true).jobId("j1");
        assertThat(p.ha()).isTrue();
        assertThat(p.jobId()).isEqualTo("j1");
        ActionRequest bound = LibvirtRegistry.registry().codec().fromJson(PlacedCreate.bind(p.unboundJson(), "host-b"));
        assertThat(bound).isEqualTo(c.toBuilder().host("host-b").build());
    }

    @Test
    void aRequestWithAHostOrWithoutAHostFieldOrForAnotherVmIsRefused() {
        Demand d = Demand.builder("web1", 256, 1).build();
        assertThatThrownBy(() -> PlacedCreate.of(CreateRequest.builder("web1").host("host-a").build(), d))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("names 'host-a'");
        assertThatThrownBy(() -> PlacedCreate.of(new NoHost("web1"), d))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("must have a 'host' field");
        assertThatThrownBy(() -> PlacedCreate.of(CreateRequest.builder("web2").build(), d))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("the demand is for VM 'web1' but the request acts on");
        assertThatThrownBy(() -> PlacedCreate.of(new StartRequest(null, "web1"), d).jobId(" "))
                .hasMessageContaining("job id must be 1 to 200 characters");
    }
}
