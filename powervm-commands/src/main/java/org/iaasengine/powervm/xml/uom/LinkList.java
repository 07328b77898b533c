package org.iaasengine.powervm.xml.uom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElement;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * An element that holds {@code <link href="..."/>} children, such as {@code <ClientNetworkAdapters>}.
 *
 * <pre>{@code
 * int adapters = lpar.clientNetworkAdapters.links.size();
 * }</pre>
 */
@XmlAccessorType(XmlAccessType.FIELD)
public class LinkList {
    @XmlElement(name = "link")
    public List<Link> links = new ArrayList<>();
    /** Elements this class does not map, written back unchanged and in place. */
    @XmlAnyElement
    public List<Element> other = new ArrayList<>();
}
