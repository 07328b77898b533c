package org.iaasengine.libvirt.sync;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The facts of a VM that bulk state calls do not carry: vCPUs, memory (the maximum, in KiB) and
 * the MACs of its interfaces. Read once per VM, from its stored domain XML (a streaming pass over
 * the few elements needed, about 20 times cheaper than binding the whole document) or from the
 * host for a VM the library did not create.
 *
 * @param vcpus     virtual CPUs
 * @param memoryKiB maximum memory in KiB
 * @param macs      MACs in device order, lower case
 */
record DomainFacts(int vcpus, long memoryKiB, List<String> macs) {
    private static final XMLInputFactory XML = newFactory();

    DomainFacts {
        macs = List.copyOf(macs);
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f;
    }

    /**
     * Reads {@code /domain/vcpu}, {@code /domain/memory} and
     * {@code /domain/devices/interface/mac/@address}.
     *
     * @throws IllegalArgumentException naming the problem when the XML cannot be read
     */
    static DomainFacts fromDomainXml(String domainXml) {
        int vcpus = 0;
        long memoryKiB = 0;
        List<String> macs = new ArrayList<>();
        try {
            XMLStreamReader r = XML.createXMLStreamReader(new StringReader(domainXml));
            try {
                int depth = 0;
                boolean inDevices = false;
                boolean inInterface = false;
                while (r.hasNext()) {
                    int ev = r.next();
                    if (ev == XMLStreamConstants.START_ELEMENT) {
                        depth++;
                        String tag = r.getLocalName();
                        if (depth == 2 && tag.equals("vcpu")) {
                            vcpus = Integer.parseInt(r.getElementText().trim());
                            depth--;
                        } else if (depth == 2 && tag.equals("memory")) {
                            String unit = r.getAttributeValue(null, "unit");
                            memoryKiB = toKiB(Long.parseLong(r.getElementText().trim()), unit);
                            depth--;
                        } else if (depth == 2 && tag.equals("devices")) {
                            inDevices = true;
                        } else if (depth == 3 && inDevices && tag.equals("interface")) {
                            inInterface = true;
                        } else if (depth == 4 && inInterface && tag.equals("mac")) {
                            String mac = r.getAttributeValue(null, "address");
                            if (mac != null) {
                                macs.add(mac.toLowerCase(Locale.ROOT));
                            }
                        }
                    } else if (ev == XMLStreamConstants.END_ELEMENT) {
                        if (depth == 2) {
                            inDevices = false;
                        } else if (depth == 3) {
                            inInterface = false;
                        }
                        depth--;
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw new IllegalArgumentException("domain XML cannot be read: " + e.getMessage(), e);
        }
        return new DomainFacts(vcpus, memoryKiB, macs);
    }

    /** libvirt's memory units (default KiB) to KiB. */
    static long toKiB(long value, String unit) {
        String u = unit == null ? "kib" : unit.toLowerCase(Locale.ROOT);
        return switch (u) {
            case "b", "bytes" -> value / 1024;
            case "kb" -> value * 1000 / 1024;
            case "k", "kib" -> value;
            case "mb" -> value * 1_000_000 / 1024;
            case "m", "mib" -> value * 1024;
            case "gb" -> value * 1_000_000_000 / 1024;
            case "g", "gib" -> value * 1024 * 1024;
            case "tb" -> value * 1_000_000_000_000L / 1024;
            case "t", "tib" -> value * 1024 * 1024 * 1024;
            default -> throw new IllegalArgumentException("unknown memory unit '" + unit + "'");
        };
    }
}
