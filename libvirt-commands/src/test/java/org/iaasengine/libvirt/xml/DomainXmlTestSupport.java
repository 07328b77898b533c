package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.annotation.XmlRootElement;
import org.w3c.dom.Element;

/** Test helper for looking at the mixed device list. */
final class DomainXmlTestSupport {
    private DomainXmlTestSupport() {
    }

    /** The element name of a device entry: a known device object or a kept DOM element. */
    static String tag(Object entry) {
        if (entry instanceof Element e) {
            return e.getLocalName();
        }
        return entry.getClass().getAnnotation(XmlRootElement.class).name();
    }
}
