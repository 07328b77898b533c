package org.iaasengine.powervm.xml.atom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;

/**
 * An Atom {@code <link rel="SELF" href="..."/>}.
 *
 * <pre>{@code
 * String self = entry.links().stream().filter(l -> "SELF".equals(l.rel)).findFirst().map(l -> l.href).orElse(null);
 * }</pre>
 */
@XmlAccessorType(XmlAccessType.FIELD)
public class AtomLink {
    @XmlAttribute
    public String rel;
    @XmlAttribute
    public String href;

    public AtomLink() {
    }

    public AtomLink(String rel, String href) {
        this.rel = rel;
        this.href = href;
    }
}
