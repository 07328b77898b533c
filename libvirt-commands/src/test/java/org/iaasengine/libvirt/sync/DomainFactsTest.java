package org.iaasengine.libvirt.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DomainFactsTest {

    @Test
    void readsVcpusMemoryInItsUnitAndMacsOfInterfacesOnly() {
        String xml = "<domain type='qemu'><name>a</name><uuid>x</uuid><memory unit='MiB'>512</memory>"
                + "<currentMemory unit='MiB'>256</currentMemory><vcpu placement='static'>2</vcpu>"
                + "<metadata><mac address='00:00:00:00:00:09'/></metadata>"
                + "<devices><disk type='file'/><interface type='user'><mac address='52:54:00:AA:BB:01'/></interface>"
                + "<interface type='network'><source network='default'/><mac address='52:54:00:aa:bb:02'/>"
                + "</interface></devices></domain>";
        DomainFacts f = DomainFacts.fromDomainXml(xml);
        assertThat(f.vcpus()).isEqualTo(2);
        assertThat(f.memoryKiB()).isEqualTo(512 * 1024);
        assertThat(f.macs()).containsExactly("52:54:00:aa:bb:01", "52:54:00:aa:bb:02");
    }

    @Test
    void memoryWithoutUnitIsKiB() {
        assertThat(DomainFacts.fromDomainXml("<domain><memory>32768</memory><vcpu>1</vcpu></domain>").memoryKiB())
                .isEqualTo(32768);
        assertThat(DomainFacts.toKiB(1, "GiB")).isEqualTo(1024 * 1024);
        assertThat(DomainFacts.toKiB(2048, "bytes")).isEqualTo(2);
    }

    @Test
    void unreadableXmlIsRejectedWithTheReason() {
        assertThatThrownBy(() -> DomainFacts.fromDomainXml("<domain><vcpu>two</vcpu></domain>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domain XML cannot be read");
        assertThatThrownBy(() -> DomainFacts.fromDomainXml("<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                + "<domain><name>&x;</name></domain>")).isInstanceOf(IllegalArgumentException.class);
    }
}
