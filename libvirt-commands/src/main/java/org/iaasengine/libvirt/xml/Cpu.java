package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlElementRefs;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <cpu>}: the parts that depend on the vCPU count and the memory, {@code <topology>} and
 * {@code <numa>}; {@code <model>}, {@code <feature>}, {@code <cache>} and every attribute are kept,
 * in document order.
 */
final class Cpu extends OrderedElement {
    static final Child<Topology> TOPOLOGY = new Child<>("topology", Topology.class);
    static final Child<Numa> NUMA = new Child<>("numa", Numa.class);
    /** libvirt's order of the children of {@code <cpu>}. */
    private static final List<String> ORDER = List.of("model", "vendor", "topology", "cache", "maxphysaddr",
            "feature", "numa");

    @XmlElementRefs({
        @XmlElementRef(name = "topology", type = JAXBElement.class),
        @XmlElementRef(name = "numa", type = JAXBElement.class)
    })
    @XmlAnyElement(KeptElementHandler.class)
    private List<Object> children = new ArrayList<>();

    Topology topology() {
        return get(TOPOLOGY);
    }

    /** The NUMA cells, empty if the guest has no NUMA topology. */
    List<NumaCell> numaCells() {
        Numa numa = get(NUMA);
        return numa == null ? List.of() : numa.cells();
    }

    @Override
    List<Object> children() {
        return children;
    }

    @Override
    List<String> libvirtOrder() {
        return ORDER;
    }
}
