package org.iaasengine.libvirt.libvirtjava;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.iaasengine.libvirt.driver.DomainInterface;
import org.iaasengine.libvirt.xml.DomainXmlCodec;
import org.iaasengine.libvirt.xml.NetInterface;

/**
 * What the driver needs out of domain XML, read through the library's one domain-XML reader
 * ({@link DomainXmlCodec}, which refuses DTDs and external entities): the name, and the network
 * interfaces the way {@code virsh domiflist} shows them: target device, type, source
 * ({@code bridge}, {@code dev}, {@code network}, {@code name} or {@code path} attribute of
 * {@code <source>}), model type, MAC; "-" for what is missing.
 *
 * <pre>{@code
 * List<DomainInterface> nics = DomainXml.interfaces(domain.getXMLDesc(0));
 * Optional<String> name = DomainXml.name(xml);
 * }</pre>
 */
final class DomainXml {
    private static final String[] SOURCE_ATTRIBUTES = {"bridge", "dev", "network", "name", "path"};

    private DomainXml() {
    }

    /** The domain's {@code <name>}, trimmed; empty when the XML has none or cannot be read. */
    static Optional<String> name(String domainXml) {
        try {
            return Optional.ofNullable(DomainXmlCodec.fromXml(domainXml).name()).map(String::trim);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The interfaces, in document order. */
    static List<DomainInterface> interfaces(String domainXml) throws IOException {
        org.iaasengine.libvirt.xml.DomainXml domain;
        try {
            domain = DomainXmlCodec.fromXml(domainXml);
        } catch (IllegalArgumentException e) {
            throw new IOException("domain XML cannot be parsed: " + e.getMessage(), e);
        }
        return domain.devices().interfaces().stream().map(DomainXml::row).toList();
    }

    private static DomainInterface row(NetInterface n) {
        return new DomainInterface(n.targetDev().map(DomainXml::orDash).orElse("-"), orDash(n.type()), source(n),
                n.model().map(DomainXml::orDash).orElse("-"), n.mac().map(DomainXml::orDash).orElse("-"));
    }

    private static String source(NetInterface n) {
        for (String a : SOURCE_ATTRIBUTES) {
            Optional<String> v = n.sourceAttribute(a);
            if (v.isPresent()) {
                return v.get();
            }
        }
        return "-";
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
