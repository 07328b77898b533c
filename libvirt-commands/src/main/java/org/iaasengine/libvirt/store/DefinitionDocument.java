package org.iaasengine.libvirt.store;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.ArrayList;
import java.util.List;

/** The JAXB form of a {@link StoredDefinition} on disk. */
@XmlRootElement(name = "vm-definition", namespace = DefinitionDocument.NS)
@XmlAccessorType(XmlAccessType.FIELD)
final class DefinitionDocument {
    static final String NS = "urn:iaasengine:definition:1";

    @XmlAttribute(required = true)
    String name;
    @XmlAttribute(required = true)
    String uuid;
    @XmlAttribute
    String host;
    @XmlAttribute(required = true)
    String lifecycle;
    @XmlAttribute
    String template;
    @XmlAttribute
    String ip;
    @XmlElement(name = "disk", namespace = NS)
    List<String> disks = new ArrayList<>();
    @XmlElement(name = "domain-xml", namespace = NS, required = true)
    String domainXml;
}
