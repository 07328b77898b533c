package org.iaasengine.libvirt.libvirtjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.iaasengine.libvirt.driver.DomainInterface;
import org.junit.jupiter.api.Test;

class DomainXmlTest {

    @Test
    void interfacesAreReadLikeVirshDomiflist() throws IOException {
        String xml = "<domain><name>a</name><devices>"
                + "<interface type='bridge'><mac address='52:54:00:AA:BB:CC'/><source bridge='br0'/>"
                + "<target dev='vnet3'/><model type='e1000'/></interface>"
                + "<interface type='user'><mac address='52:54:00:00:00:01'/></interface>"
                + "</devices></domain>";
        assertThat(DomainXml.interfaces(xml)).containsExactly(
                new DomainInterface("vnet3", "bridge", "br0", "e1000", "52:54:00:aa:bb:cc"),
                new DomainInterface("-", "user", "-", "-", "52:54:00:00:00:01"));
    }

    @Test
    void nameIsReadUnescapedAndMissingOrBrokenXmlGivesNone() {
        assertThat(DomainXml.name("<domain><name> a &amp; b </name></domain>")).contains("a & b");
        assertThat(DomainXml.name("<domain/>")).isEmpty();
        assertThat(DomainXml.name("<domain><name>x")).isEmpty();
    }

    @Test
    void doctypesAreRefused() {
        String xml = "<!DOCTYPE d [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><domain><name>&e;</name></domain>";
        assertThat(DomainXml.name(xml)).isEmpty();
        assertThatThrownBy(() -> DomainXml.interfaces(xml)).isInstanceOf(IOException.class);
    }
}
