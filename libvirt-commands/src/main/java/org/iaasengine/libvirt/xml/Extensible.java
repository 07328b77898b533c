package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlTransient;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * Base of the element classes with no known children (their known parts are attributes) whose
 * children libvirt may extend: keeps every child element as a DOM element, in read order, so
 * the order is kept by construction. Classes that do have known children extend
 * {@link OrderedElement} instead, which keeps known and unknown children in one ordered list.
 */
@XmlTransient
abstract class Extensible extends AttributeHolder {
    @XmlAnyElement(KeptElementHandler.class)
    private List<Element> otherElements = new ArrayList<>();

    /** The child elements this model does not know, live and in read order. */
    List<Element> otherElements() {
        return otherElements;
    }
}
