package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.annotation.XmlAttribute;

/**
 * {@code <cpu><numa><cell id='0' cpus='0-1' memory='524288' unit='KiB'/>}: the guest NUMA node's
 * vCPUs and memory. Other attributes ({@code memAccess}, {@code discard}) and children
 * ({@code distances}, {@code cache}) are kept.
 */
final class NumaCell extends Extensible {
    @XmlAttribute
    String id;
    @XmlAttribute
    String cpus;
    @XmlAttribute
    String memory;
    @XmlAttribute
    String unit;

    long memoryKiB() {
        return MemoryUnits.toKiB(memory, unit);
    }

    void setMemoryKiB(long kib) {
        memory = Long.toString(kib);
        unit = "KiB";
    }

    /** For messages: {@code cell 0 (cpus 0-1, 524288 KiB)}. */
    String describe() {
        return "cell " + (id == null ? "?" : id) + " (cpus " + (cpus == null ? "none" : cpus) + ", "
                + (memory == null ? "no memory" : memory + " " + (unit == null ? "KiB" : unit)) + ")";
    }
}
