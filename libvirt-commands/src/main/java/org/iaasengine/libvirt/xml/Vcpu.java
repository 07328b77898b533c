package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlValue;
import javax.xml.namespace.QName;

/**
 * {@code <vcpu placement='static'>2</vcpu>}: the vCPU count and its placement; other attributes
 * ({@code current}, {@code cpuset}) are kept.
 */
final class Vcpu extends AttributeHolder {
    private static final QName CURRENT = new QName("current");

    @XmlAttribute
    private String placement;
    @XmlValue
    private int count;

    Vcpu() {
    }

    Vcpu(int count) {
        this.count = count;
    }

    int count() {
        return count;
    }

    String placement() {
        return placement;
    }

    /** Sets the count; a {@code current} attribute above it is lowered to it, as libvirt requires. */
    void setCount(int count) {
        this.count = count;
        String current = otherAttributes().get(CURRENT);
        if (current != null) {
            try {
                if (Integer.parseInt(current.strip()) > count) {
                    otherAttributes().put(CURRENT, Integer.toString(count));
                }
            } catch (NumberFormatException e) {
                throw new IllegalStateException("vcpu current attribute is not a number: '" + current + "'", e);
            }
        }
    }
}
