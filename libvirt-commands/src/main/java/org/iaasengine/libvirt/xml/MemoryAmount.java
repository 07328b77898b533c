package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.Unmarshaller;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlValue;

/**
 * {@code <memory>} or {@code <currentMemory>}: read in any unit libvirt accepts, held and written
 * in KiB ({@code <memory unit='KiB'>131072</memory>}). Other attributes ({@code dumpCore}) are kept.
 */
final class MemoryAmount extends AttributeHolder {
    @XmlAttribute
    private String unit;
    @XmlValue
    private String value;

    MemoryAmount() {
    }

    static MemoryAmount ofKiB(long kib) {
        MemoryAmount m = new MemoryAmount();
        m.setKiB(kib);
        return m;
    }

    long kib() {
        return MemoryUnits.toKiB(value, unit);
    }

    void setKiB(long kib) {
        this.value = Long.toString(kib);
        this.unit = "KiB";
    }

    /** JAXB callback: normalises whatever unit was read to KiB, failing on a bad value or unit. */
    @SuppressWarnings("unused")
    private void afterUnmarshal(Unmarshaller unmarshaller, Object parent) {
        setKiB(MemoryUnits.toKiB(value, unit));
    }
}
