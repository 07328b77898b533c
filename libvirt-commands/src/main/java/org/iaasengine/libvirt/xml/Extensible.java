package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlTransient;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * Base of every element class with children libvirt may extend: keeps the child elements the
 * model does not know as DOM elements, in read order, written after the known children.
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
