package org.iaasengine.libvirt.libvirtjava;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.iaasengine.libvirt.driver.DomainInterface;
import org.junit.jupiter.api.Test;

/** Interfaces of every source kind, read through the one domain-XML reader as domiflist shows them. */
class DomainInterfacesTest {

    @Test
    void theSourceIsWhicheverAttributeTheInterfaceKindUses() throws IOException {
        String xml = "<domain type='kvm'><name>a</name><devices>"
                + "<interface type='network'><mac address='52:54:00:00:00:01'/><source network='default'"
                + " portgroup='pg'/><model type='virtio'/></interface>"
                + "<interface type='direct'><mac address='52:54:00:00:00:02'/><source dev='eth0' mode='vepa'/>"
                + "</interface>"
                + "<interface type='vhostuser'><mac address='52:54:00:00:00:03'/>"
                + "<source type='unix' path='/tmp/vhost.sock' mode='server'/></interface>"
                + "<interface type='bridge'><source bridge=''/></interface>"
                + "</devices></domain>";
        assertThat(DomainXml.interfaces(xml)).containsExactly(
                new DomainInterface("-", "network", "default", "virtio", "52:54:00:00:00:01"),
                new DomainInterface("-", "direct", "eth0", "-", "52:54:00:00:00:02"),
                new DomainInterface("-", "vhostuser", "/tmp/vhost.sock", "-", "52:54:00:00:00:03"),
                new DomainInterface("-", "bridge", "-", "-", "-"));
    }

    @Test
    void aDomainWithoutDevicesHasNoInterfaces() throws IOException {
        assertThat(DomainXml.interfaces("<domain type='kvm'><name>a</name></domain>")).isEmpty();
    }
}
