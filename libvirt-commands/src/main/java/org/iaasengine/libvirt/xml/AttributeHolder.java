package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.annotation.XmlAnyAttribute;
import jakarta.xml.bind.annotation.XmlTransient;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.namespace.QName;

/**
 * Base of every element class: keeps the attributes the model does not know, so they are written
 * back exactly as they were read.
 */
@XmlTransient
abstract class AttributeHolder {
    @XmlAnyAttribute
    private Map<QName, String> otherAttributes = new LinkedHashMap<>();

    /** The attributes this model does not know, live and in read order. */
    Map<QName, String> otherAttributes() {
        return otherAttributes;
    }
}
