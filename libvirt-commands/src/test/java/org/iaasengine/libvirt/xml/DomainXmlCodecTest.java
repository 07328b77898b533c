package org.iaasengine.libvirt.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DomainXmlCodecTest {

    private static String domainWithMemory(String memory) {
        return "<domain type='qemu'><name>m</name>" + memory + "</domain>";
    }

    @ParameterizedTest
    @CsvSource({
        "'<memory>1024</memory>', 1024",
        "'<memory unit=\"KiB\">131072</memory>', 131072",
        "'<memory unit=\"k\">7</memory>', 7",
        "'<memory unit=\"KIB\">7</memory>', 7",
        "'<memory unit=\"b\">1</memory>', 1",
        "'<memory unit=\"bytes\">1024</memory>', 1",
        "'<memory unit=\"bytes\">1025</memory>', 2",
        "'<memory unit=\"KB\">1</memory>', 1",
        "'<memory unit=\"MiB\">128</memory>', 131072",
        "'<memory unit=\"M\">128</memory>', 131072",
        "'<memory unit=\"m\">1</memory>', 1024",
        "'<memory unit=\"MB\">1</memory>', 977",
        "'<memory unit=\"GiB\">2</memory>', 2097152",
        "'<memory unit=\"G\">1</memory>', 1048576",
        "'<memory unit=\"GB\">1</memory>', 976563",
        "'<memory unit=\"TiB\">1</memory>', 1073741824",
        "'<memory unit=\"TB\">1</memory>', 976562500",
        "'<memory unit=\"PiB\">8</memory>', 8796093022208",
        "'<memory unit=\"e\">1</memory>', 1125899906842624",
        "'<memory unit=\"EB\">1</memory>', 976562500000000",
        "'<memory unit=\"MiB\"> 64 </memory>', 65536"
    })
    void memoryInAnyUnitLibvirtAcceptsIsReadAsKibRoundedUpLikeLibvirt(String memory, long kib) {
        DomainXml vm = DomainXmlCodec.fromXml(domainWithMemory(memory));

        assertThat(vm.memoryKiB()).isEqualTo(kib);
        assertThat(DomainXmlCodec.toXml(vm)).contains("<memory unit=\"KiB\">" + kib + "</memory>");
    }

    @ParameterizedTest
    @CsvSource({
        "'<memory unit=\"YiB\">1</memory>', unknown memory unit 'YiB'",
        "'<memory unit=\"kibi\">1</memory>', unknown memory unit 'kibi'",
        "'<memory unit=\"GiB\">1.5</memory>', whole number, got '1.5'",
        "'<memory unit=\"GiB\">-1</memory>', whole number, got '-1'",
        "'<memory>lots</memory>', whole number, got 'lots'",
        "'<memory unit=\"EiB\">9</memory>', more than libvirt accepts"
    })
    void memoryLibvirtRefusesIsRejectedNamingTheValue(String memory, String message) {
        assertThatThrownBy(() -> DomainXmlCodec.fromXml(domainWithMemory(memory)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void malformedXmlIsRejectedWithTheParserMessage() {
        assertThatThrownBy(() -> DomainXmlCodec.fromXml("<domain type='qemu'><name>x</domain>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("malformed domain XML")
                .hasMessageContaining("name");
        assertThatThrownBy(() -> DomainXmlCodec.fromXml(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("malformed domain XML");
    }

    @Test
    void rootOtherThanDomainIsRejected() {
        assertThatThrownBy(() -> DomainXmlCodec.fromXml("<network><name>default</name></network>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("network");
        assertThatThrownBy(() -> DomainXmlCodec.fromXml("<disk type='file'/>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<domain>");
    }

    @Test
    void nonNumericVcpuIsRejectedNotReadAsZero() {
        assertThatThrownBy(() -> DomainXmlCodec.fromXml("<domain type='qemu'><name>m</name><vcpu>two</vcpu></domain>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two");
    }

    @Test
    void externalEntityIsRejectedAndTheFileIsNeverRead(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "TOP-SECRET");
        String xxe = "<?xml version='1.0'?><!DOCTYPE domain [<!ENTITY xxe SYSTEM '" + secret.toUri() + "'>]>"
                + "<domain type='qemu'><name>&xxe;</name></domain>";

        assertThatThrownBy(() -> DomainXmlCodec.fromXml(xxe))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("TOP-SECRET");
    }

    @Test
    void externalDtdAndEntityExpansionAreRejected() {
        String externalDtd = "<!DOCTYPE domain SYSTEM 'http://127.0.0.1:1/evil.dtd'><domain type='qemu'/>";
        String laughs = "<!DOCTYPE d [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>"
                + "<!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>]><domain type='qemu'><name>&c;</name></domain>";

        assertThatThrownBy(() -> DomainXmlCodec.fromXml(externalDtd)).hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> DomainXmlCodec.fromXml(laughs)).hasMessageContaining("DOCTYPE");
    }

    @Test
    void undeclaredEntityReferenceIsRejected() {
        assertThatThrownBy(() -> DomainXmlCodec.fromXml("<domain type='qemu'><name>&xxe;</name></domain>"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xxe");
    }

    @Test
    void uuidInAnyFormLibvirtAcceptsIsRead() {
        DomainXml dashed = DomainXmlCodec.fromXml(
                "<domain type='qemu'><uuid> 16B6D630-4A40-41C3-92A7-48541A2EE5EF </uuid></domain>");
        DomainXml bare = DomainXmlCodec.fromXml(
                "<domain type='qemu'><uuid>16b6d6304a4041c392a748541a2ee5ef</uuid></domain>");

        UUID expected = UUID.fromString("16b6d630-4a40-41c3-92a7-48541a2ee5ef");
        assertThat(dashed.uuid()).contains(expected);
        assertThat(bare.uuid()).contains(expected);
        assertThatThrownBy(() -> DomainXmlCodec.fromXml("<domain type='qemu'><uuid>123</uuid></domain>").uuid())
                .hasMessageContaining("'123'");
    }

    @Test
    void settersChangeNameUuidMemoryVcpusAndMacAndCheckTheirValues() {
        DomainXml vm = DomainXml.builder("a").memoryMiB(64).userInterface("52:54:00:00:00:01")
                .bridgeInterface("br0", "52:54:00:00:00:02").build();
        UUID id = UUID.randomUUID();

        vm.setName("b").setUuid(id).setMemoryKiB(1000).setVcpus(3).setMac(1, "52:54:00:FF:00:02");
        DomainXml back = DomainXmlCodec.fromXml(DomainXmlCodec.toXml(vm));

        assertThat(back.name()).isEqualTo("b");
        assertThat(back.uuid()).contains(id);
        assertThat(back.memoryKiB()).isEqualTo(1000);
        assertThat(back.currentMemoryKiB()).hasValue(1000);
        assertThat(back.vcpus()).isEqualTo(3);
        assertThat(back.macs()).containsExactly("52:54:00:00:00:01", "52:54:00:ff:00:02");
        assertThatThrownBy(() -> vm.setMac(2, "52:54:00:00:00:03")).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("interface index 2 of 2");
        assertThatThrownBy(() -> vm.setMac(0, "ff:ff:ff:ff:ff:ff")).hasMessageContaining("'ff:ff:ff:ff:ff:ff'");
        assertThatThrownBy(() -> vm.setName("x/y")).hasMessageContaining("'x/y'");
        assertThatThrownBy(() -> vm.setMemoryKiB(0)).hasMessageContaining("got 0 KiB");
        assertThatThrownBy(() -> vm.setVcpus(5000)).hasMessageContaining("got 5000");
        assertThat(vm.name()).isEqualTo("b");
    }

    @Test
    void unknownElementsAndAttributesEverywhereSurviveARoundTrip() {
        String xml = """
                <domain type='kvm' xmlns:x='urn:x' x:top='1'>
                  <name>n</name>
                  <genid>43dc0cf8-809b-4adb-9bea-a9abb5f3d90e</genid>
                  <memory unit='KiB' dumpCore='off'>1024</memory>
                  <vcpu placement='auto' cpuset='0-1'>2</vcpu>
                  <os firmware='efi'><type arch='x86_64' machine='q35' x:t='2'>hvm</type><loader readonly='yes'/>
                    <boot dev='network' x:b='3'/><kernel>/k</kernel></os>
                  <features><acpi x:a='4'><table type='slic'>/s</table></acpi><apic eoi='on'/><vmport state='off'/>
                  </features>
                  <devices x:d='5'>
                    <emulator>/usr/bin/qemu-kvm</emulator>
                    <controller type='scsi' model='virtio-scsi'/>
                    <disk type='block' device='lun' sgio='unfiltered'><driver name='qemu' type='raw' io='native'/>
                      <source dev='/dev/sdz'><reservations managed='yes'/></source><target dev='sdz' bus='scsi' rotation_rate='1'/>
                      <shareable/></disk>
                    <interface type='direct' trustGuestRxFilters='yes'><mac address='52:54:00:00:00:01' type='static'/>
                      <source dev='eth0' mode='bridge'/><virtualport type='802.1Qbh'/><model type='virtio'/>
                      <target dev='macvtap0' managed='no'/><x:ext>kept</x:ext></interface>
                    <serial type='tcp'><source mode='bind' host='127.0.0.1' service='4555'/><protocol type='telnet'/>
                      <target port='1'/></serial>
                    <graphics type='vnc' port='5901' passwd='secret' keymap='de'><listen type='network' network='n'/></graphics>
                    <watchdog model='i6300esb' action='reset'/>
                  </devices>
                  <x:custom x:y='z'>text &amp; more</x:custom>
                </domain>
                """;

        String written = DomainXmlCodec.toXml(DomainXmlCodec.fromXml(xml));

        assertThat(CanonicalXml.of(written)).isEqualTo(CanonicalXml.of(xml));
    }

    @Test
    void parallelParsesAndWritesGiveTheSameResultAsSerialOnes() throws Exception {
        String xml = RealDumpxmlRoundTripTest.resource("persistent-raw-cdrom-network-bridge-spice.xml");
        String expected = DomainXmlCodec.toXml(DomainXmlCodec.fromXml(xml));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = IntStream.range(0, 200)
                    .mapToObj(i -> pool.submit(() -> DomainXmlCodec.toXml(DomainXmlCodec.fromXml(xml))))
                    .toList();
            for (Future<String> f : results) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
