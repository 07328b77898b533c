package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <vcpus><vcpu id='1' enabled='yes' hotpluggable='no' order='2'/>}: one vCPU's state. */
final class VcpuState extends Extensible {
    @XmlAttribute
    String id;
    @XmlAttribute
    String enabled;
    @XmlAttribute
    String hotpluggable;
    @XmlAttribute
    String order;

    int idNumber() {
        try {
            return Integer.parseInt(id == null ? "" : id.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("<vcpus><vcpu id> is not a number: '" + id + "'", e);
        }
    }
}
