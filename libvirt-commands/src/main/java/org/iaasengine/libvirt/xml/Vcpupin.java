package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.annotation.XmlAttribute;

/** {@code <cputune><vcpupin vcpu='1' cpuset='2-3'/>}: pins one vCPU; other attributes kept. */
final class Vcpupin extends Extensible {
    @XmlAttribute
    String vcpu;
}
