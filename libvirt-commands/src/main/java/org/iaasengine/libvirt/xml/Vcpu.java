package org.iaasengine.libvirt.xml;

import org.iaasengine.core.InvalidInputException;

import jakarta.xml.bind.Unmarshaller;
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
    private String value;
    private int count;

    Vcpu() {
    }

    Vcpu(int count) {
        setCountOnly(count);
    }

    private void setCountOnly(int n) {
        this.count = n;
        this.value = Integer.toString(n);
    }

    /** JAXB callback: the count must be a whole number, as libvirt requires. */
    @SuppressWarnings("unused")
    private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
        String digits = value == null ? "" : value.strip();
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidInputException("vcpu count must be a whole number, got '" + value + "'");
        }
        count = Integer.parseInt(digits);
    }

    int count() {
        return count;
    }

    String placement() {
        return placement;
    }

    /** Sets {@code current} (the vCPUs online at boot) if the attribute is there. */
    void setCurrent(int online) {
        if (otherAttributes().containsKey(CURRENT)) {
            otherAttributes().put(CURRENT, Integer.toString(online));
        }
    }

    /** Sets the count; a {@code current} attribute above it is lowered to it, as libvirt requires. */
    void setCount(int count) {
        setCountOnly(count);
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
