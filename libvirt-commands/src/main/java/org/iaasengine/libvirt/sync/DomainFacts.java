package org.iaasengine.libvirt.sync;

import java.util.List;
import org.iaasengine.libvirt.xml.DomainXml;
import org.iaasengine.libvirt.xml.DomainXmlCodec;
import org.iaasengine.libvirt.xml.MemoryUnits;

/**
 * The facts of a VM that bulk state calls do not carry: vCPUs, memory (the maximum, in KiB) and
 * the MACs of its interfaces. Read once per VM (the monitor caches them per UUID), from its stored
 * domain XML through the library's one domain-XML reader ({@link DomainXmlCodec}), or from the
 * host for a VM the library did not create.
 *
 * @param vcpus     virtual CPUs
 * @param memoryKiB maximum memory in KiB
 * @param macs      MACs in device order, lower case
 */
record DomainFacts(int vcpus, long memoryKiB, List<String> macs) {

    DomainFacts {
        macs = List.copyOf(macs);
    }

    /**
     * Reads {@code /domain/vcpu} (libvirt's default 1 when absent), {@code /domain/memory} and the
     * MACs of {@code /domain/devices/interface}.
     *
     * @throws IllegalArgumentException naming the problem when the XML cannot be read
     */
    static DomainFacts fromDomainXml(String domainXml) {
        DomainXml d;
        try {
            d = DomainXmlCodec.fromXml(domainXml);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("domain XML cannot be read: " + e.getMessage(), e);
        }
        return new DomainFacts(d.vcpus(), d.memoryKiB(), d.macs());
    }

    /** libvirt's memory units (default KiB) to KiB, rounded up as libvirt does ({@link MemoryUnits}). */
    static long toKiB(long value, String unit) {
        return MemoryUnits.toKiB(value, unit);
    }
}
