package org.iaasengine.powervm.xml.atom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;

/**
 * The {@code <content type="application/vnd.ibm.powervm.uom+xml; type=LogicalPartition">} of an
 * entry: one uom or web object, unmarshalled to its JAXB class when the class is known.
 *
 * <pre>{@code
 * Object value = entry.content.value;
 * }</pre>
 */
@XmlAccessorType(XmlAccessType.FIELD)
public class AtomContent {
    @XmlAttribute
    public String type;
    @XmlAnyElement(lax = true)
    public Object value;

    public AtomContent() {
    }

    public AtomContent(String type, Object value) {
        this.type = type;
        this.value = value;
    }
}
