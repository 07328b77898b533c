package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlElementRefs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * {@code <cputune>}: the per-vCPU pins ({@code <vcpupin vcpu='N'>}); shares, quotas,
 * {@code emulatorpin}, {@code iothreadpin}, {@code vcpusched}, {@code cachetune},
 * {@code memorytune}... are kept in document order.
 */
final class Cputune extends OrderedElement {
    static final Child<Vcpupin> VCPUPIN = new Child<>("vcpupin", Vcpupin.class);
    /** Kept children that name a set of vCPUs in a {@code vcpus} attribute. */
    static final List<String> VCPU_SET_ELEMENTS = List.of("vcpusched", "cachetune", "memorytune");
    private static final List<String> ORDER = List.of("vcpupin");

    @XmlElementRefs(@XmlElementRef(name = "vcpupin", type = JAXBElement.class))
    @XmlAnyElement(KeptElementHandler.class)
    private List<Object> children = new ArrayList<>();

    List<Vcpupin> pins() {
        return all(VCPUPIN);
    }

    /** The first kept {@code vcpusched}/{@code cachetune}/{@code memorytune} naming a vCPU >= {@code n}. */
    Optional<Element> vcpuSetNamingAtLeast(int n) {
        for (Element e : otherElements()) {
            if (e.getNamespaceURI() == null && VCPU_SET_ELEMENTS.contains(e.getLocalName())
                    && e.hasAttribute("vcpus")) {
                if (CpuSet.parse("<" + e.getLocalName() + " vcpus>", e.getAttribute("vcpus")).length() > n) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
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
