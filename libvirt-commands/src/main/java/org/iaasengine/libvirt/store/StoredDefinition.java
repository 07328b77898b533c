package org.iaasengine.libvirt.store;

import org.iaasengine.core.InvalidInputException;

import java.util.List;
import java.util.Objects;
import org.iaasengine.libvirt.spec.Lifecycle;

/**
 * What the library keeps about a VM it created: its domain XML as given to libvirt, the host it
 * belongs to, its lifecycle, the template it came from, its disk copies, and the IP address the
 * cloud manager set.
 *
 * @param name      the VM's name
 * @param uuid      its UUID (also the store's file name)
 * @param host      the model name of its host
 * @param lifecycle persistent or transient
 * @param template  the template it was copied from, or null
 * @param disks     the disk files the library created for it
 * @param ip        the IP address set by the cloud manager, or null
 * @param domainXml the domain XML
 */
public record StoredDefinition(String name, String uuid, String host, Lifecycle lifecycle, String template,
        List<String> disks, String ip, String domainXml) {
    public StoredDefinition {
        InvalidInputException.check(name != null && !name.isEmpty(), "definition name must not be empty");
        InvalidInputException.check(uuid != null && uuid.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
                "definition uuid must be a lower-case UUID: '%s'", uuid);
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(domainXml, "domainXml");
        disks = disks == null ? List.of() : List.copyOf(disks);
    }

    /**
     * The fields without the domain XML, of which only the length is shown: the XML comes from
     * {@code dumpXml} with secure data (passwords) and must never reach a log.
     */
    @Override
    public String toString() {
        return "StoredDefinition[name=" + name + ", uuid=" + uuid + ", host=" + host + ", lifecycle=" + lifecycle
                + ", template=" + template + ", disks=" + disks + ", ip=" + ip + ", domainXml=("
                + domainXml.length() + " characters, not shown)]";
    }

    /**
     * Whether this definition is kept for a host other than {@code hostName}: the one test every
     * action, command and the CLI make before touching a VM by name on a host, so that a caller who
     * names the wrong host never starts, deletes or rewrites another host's VM. A definition without
     * a host (written before hosts were recorded) belongs to any host.
     */
    public boolean keptForAnotherHost(String hostName) {
        return host != null && hostName != null && !host.equals(hostName);
    }

    public StoredDefinition withIp(String address) {
        return new StoredDefinition(name, uuid, host, lifecycle, template, disks, address, domainXml);
    }

    public StoredDefinition withDomainXml(String xml) {
        return new StoredDefinition(name, uuid, host, lifecycle, template, disks, ip, xml);
    }

    public StoredDefinition withHost(String h) {
        return new StoredDefinition(name, uuid, h, lifecycle, template, disks, ip, domainXml);
    }
}
