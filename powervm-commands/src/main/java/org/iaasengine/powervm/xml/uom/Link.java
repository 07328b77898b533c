package org.iaasengine.powervm.xml.uom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/**
 * A reference to another object, as an element with {@code href} and {@code rel="related"}
 * ({@code <AssociatedManagedSystem href="..."/>}, or {@code <link href="..."/>} inside a list).
 *
 * <pre>{@code
 * String msUuid = Link.lastSegment(lpar.associatedManagedSystem);
 * }</pre>
 */
@XmlAccessorType(XmlAccessType.FIELD)
public class Link {
    @XmlAttribute
    public String href;
    @XmlAttribute
    public String rel = "related";

    public Link() {
    }

    public Link(String href) {
        this.href = href;
    }

    /** The last path segment of the link's href (the UUID of the object it names), or null. */
    public static String lastSegment(Link link) {
        if (link == null || link.href == null) {
            return null;
        }
        String h = link.href;
        int q = h.indexOf('?');
        if (q >= 0) {
            h = h.substring(0, q);
        }
        return h.substring(h.lastIndexOf('/') + 1);
    }
}
