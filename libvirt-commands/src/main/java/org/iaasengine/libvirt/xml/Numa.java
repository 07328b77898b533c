package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlElementRefs;
import java.util.ArrayList;
import java.util.List;

/** {@code <cpu><numa>}: its {@code <cell>}s; {@code <interconnects>} and the rest are kept, in order. */
final class Numa extends OrderedElement {
    static final Child<NumaCell> CELL = new Child<>("cell", NumaCell.class);
    private static final List<String> ORDER = List.of("cell");

    @XmlElementRefs(@XmlElementRef(name = "cell", type = JAXBElement.class))
    @XmlAnyElement(KeptElementHandler.class)
    private List<Object> children = new ArrayList<>();

    List<NumaCell> cells() {
        return all(CELL);
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
