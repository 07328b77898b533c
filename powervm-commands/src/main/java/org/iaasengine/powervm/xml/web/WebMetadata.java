package org.iaasengine.powervm.xml.web;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * The {@code <Metadata><Atom/></Metadata>} that every web object carries.
 *
 * <pre>{@code
 * request.metadata = new WebMetadata();
 * }</pre>
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(name = "Metadata")
public class WebMetadata {
    @XmlElement(name = "Atom")
    public Empty atom = new Empty();

    /** An empty element. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "EmptyAtom")
    public static class Empty {
    }
}
