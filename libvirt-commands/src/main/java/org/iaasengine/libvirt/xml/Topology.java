package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.annotation.XmlAttribute;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <cpu><topology sockets='1' dies='1' clusters='1' cores='2' threads='1'/>}: libvirt wants
 * the product to be the vCPU count ({@code <vcpu>}). Other attributes are kept.
 */
final class Topology extends Extensible {
    @XmlAttribute
    String sockets;
    @XmlAttribute
    String dies;
    @XmlAttribute
    String clusters;
    @XmlAttribute
    String cores;
    @XmlAttribute
    String threads;

    /** dies × clusters × cores × threads: the vCPUs of one socket (an absent factor is 1). */
    long perSocket() {
        return factor("dies", dies) * factor("clusters", clusters) * factor("cores", cores)
                * factor("threads", threads);
    }

    /** The attributes as written, for messages: {@code sockets='2' cores='2' threads='1'}. */
    String describe() {
        List<String> parts = new ArrayList<>();
        String[][] all = {{"sockets", sockets}, {"dies", dies}, {"clusters", clusters}, {"cores", cores},
            {"threads", threads}};
        for (String[] a : all) {
            if (a[1] != null) {
                parts.add(a[0] + "='" + a[1] + "'");
            }
        }
        return "<topology " + String.join(" ", parts) + "/>";
    }

    private static long factor(String name, String value) {
        if (value == null) {
            return 1;
        }
        try {
            long v = Long.parseLong(value.strip());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("cpu topology " + name + " is not a positive number: '" + value + "'");
    }
}
