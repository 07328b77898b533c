package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlElementRefs;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <vcpus>}: the state of each vCPU ({@code enabled}, {@code hotpluggable}, {@code order}),
 * which libvirt writes once vCPUs were hot-plugged or given individually.
 */
final class Vcpus extends OrderedElement {
    static final Child<VcpuState> VCPU = new Child<>("vcpu", VcpuState.class);
    private static final List<String> ORDER = List.of("vcpu");

    @XmlElementRefs(@XmlElementRef(name = "vcpu", type = JAXBElement.class))
    @XmlAnyElement(KeptElementHandler.class)
    private List<Object> children = new ArrayList<>();

    List<VcpuState> states() {
        return all(VCPU);
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
