package org.iaasengine.libvirt.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DomainXmlBuilderTest {
    private static final UUID ID = UUID.fromString("6f1c2b1e-8d7a-4c1e-9a3b-0d2e4f6a8b01");

    static DomainXmlBuilder guest() {
        return DomainXml.builder("web1").type("qemu").memoryMiB(512).vcpus(2).uuid(ID)
                .directKernel("/var/tmp/iaas-engine/guest/vmlinuz", "/var/tmp/iaas-engine/guest/initrd.gz",
                        "console=ttyS0 quiet")
                .acpi(true)
                .disk("/var/tmp/iaas-engine/storage/web1.qcow2", "qcow2", "vda")
                .cdrom(null, "hdc")
                .userInterface("52:54:00:00:00:01")
                .networkInterface("default", "52:54:00:00:00:02").interfaceModel("virtio")
                .bridgeInterface("br0", "52:54:00:00:00:03")
                .serialFile("/var/tmp/iaas-engine/guest/console-web1.log")
                .graphicsNone();
    }

    @Test
    void builderOutputParsesBackToTheSameDomain() {
        DomainXml vm = DomainXmlCodec.fromXml(DomainXmlCodec.toXml(guest().build()));

        assertThat(vm.type()).isEqualTo("qemu");
        assertThat(vm.name()).isEqualTo("web1");
        assertThat(vm.uuid()).contains(ID);
        assertThat(vm.memoryKiB()).isEqualTo(512 * 1024);
        assertThat(vm.currentMemoryKiB()).hasValue(512 * 1024);
        assertThat(vm.vcpus()).isEqualTo(2);
        Os os = vm.os().orElseThrow();
        assertThat(os.type()).contains("hvm");
        assertThat(os.arch()).contains("x86_64");
        assertThat(os.machine()).isEmpty();
        assertThat(os.kernel()).contains("/var/tmp/iaas-engine/guest/vmlinuz");
        assertThat(os.initrd()).contains("/var/tmp/iaas-engine/guest/initrd.gz");
        assertThat(os.cmdline()).contains("console=ttyS0 quiet");
        assertThat(vm.features().map(Features::acpi)).contains(true);
        assertThat(vm.features().map(Features::apic)).contains(false);
        assertThat(vm.onPoweroff()).contains("destroy");
        assertThat(vm.disks()).containsExactly("/var/tmp/iaas-engine/storage/web1.qcow2");
        Disk disk = vm.devices().disks().get(0);
        assertThat(disk.format()).contains("qcow2");
        assertThat(disk.bus()).contains("virtio");
        assertThat(disk.readonly()).isFalse();
        Disk cdrom = vm.devices().disks().get(1);
        assertThat(cdrom.device()).isEqualTo("cdrom");
        assertThat(cdrom.bus()).contains("ide");
        assertThat(cdrom.readonly()).isTrue();
        assertThat(vm.macs()).containsExactly("52:54:00:00:00:01", "52:54:00:00:00:02", "52:54:00:00:00:03");
        assertThat(vm.devices().interfaces()).extracting(NetInterface::type)
                .containsExactly("user", "network", "bridge");
        assertThat(vm.devices().interfaces().get(1).sourceNetwork()).contains("default");
        assertThat(vm.devices().interfaces().get(1).model()).contains("virtio");
        assertThat(vm.devices().interfaces().get(2).sourceBridge()).contains("br0");
        Serial serial = vm.devices().serials().get(0);
        assertThat(serial.type()).isEqualTo("file");
        assertThat(serial.sourcePath()).contains("/var/tmp/iaas-engine/guest/console-web1.log");
        assertThat(serial.targetPort()).contains(0);
        assertThat(vm.devices().graphics()).isEmpty();
    }

    @Test
    void builderWritesMemoryInKibAndTheElementsLibvirtExpects() {
        String xml = DomainXmlCodec.toXml(guest().build());

        assertThat(xml).startsWith("<domain type=\"qemu\">")
                .contains("<memory unit=\"KiB\">524288</memory>")
                .contains("<vcpu>2</vcpu>")
                .contains("<type arch=\"x86_64\">hvm</type>")
                .contains("<acpi/>")
                .contains("<driver name=\"qemu\" type=\"qcow2\"/>")
                .contains("<source file=\"/var/tmp/iaas-engine/storage/web1.qcow2\"/>")
                .contains("<target dev=\"vda\" bus=\"virtio\"/>")
                .contains("<mac address=\"52:54:00:00:00:01\"/>")
                .contains("<source network=\"default\"/>")
                .contains("<source bridge=\"br0\"/>")
                .contains("<serial type=\"file\">")
                .doesNotContain("graphics")
                .doesNotContain("<?xml");
    }

    @Test
    void graphicsVncAndSpiceUseAnAutomaticPortOnTheListenAddress() {
        DomainXml vnc = DomainXmlCodec.fromXml(DomainXmlCodec.toXml(
                DomainXml.builder("g").memoryMiB(64).graphicsVnc("127.0.0.1").build()));
        DomainXml spice = DomainXmlCodec.fromXml(DomainXmlCodec.toXml(
                DomainXml.builder("g").memoryMiB(64).graphicsSpice("0.0.0.0").build()));

        Graphics g = vnc.devices().graphics().get(0);
        assertThat(g.type()).isEqualTo("vnc");
        assertThat(g.autoport()).isTrue();
        assertThat(g.listen()).contains("127.0.0.1");
        assertThat(spice.devices().graphics().get(0).type()).isEqualTo("spice");
    }

    @Test
    void minimalDomainDefaultsToQemuOneVcpuAndNoUuid() {
        DomainXml vm = DomainXml.builder("tiny").memoryKiB(32768).build();

        assertThat(vm.type()).isEqualTo("qemu");
        assertThat(vm.vcpus()).isEqualTo(1);
        assertThat(vm.uuid()).isEmpty();
        assertThat(vm.features()).isEmpty();
        assertThat(vm.macs()).isEmpty();
    }

    @Test
    void macsAreStoredInLowerCase() {
        DomainXml vm = DomainXml.builder("m").memoryMiB(64).userInterface("52:54:00:AB:CD:EF").build();

        assertThat(vm.macs()).containsExactly("52:54:00:ab:cd:ef");
        assertThat(DomainXmlCodec.toXml(vm)).contains("52:54:00:ab:cd:ef");
    }

    @Test
    void interfaceWithoutMacLeavesItToLibvirt() {
        DomainXml vm = DomainXml.builder("m").memoryMiB(64).userInterface(null).build();

        assertThat(vm.devices().interfaces()).hasSize(1);
        assertThat(vm.macs()).isEmpty();
        assertThat(DomainXmlCodec.toXml(vm)).doesNotContain("<mac");
    }

    @Test
    void twoBuildsDoNotShareDevices() {
        DomainXmlBuilder b = DomainXml.builder("m").memoryMiB(64).userInterface("52:54:00:00:00:01");
        DomainXml first = b.build();
        DomainXml second = b.build();

        first.setMac(0, "52:54:00:00:00:09");

        assertThat(second.macs()).containsExactly("52:54:00:00:00:01");
    }

    @Test
    void memoryIsRequired() {
        assertThatThrownBy(() -> DomainXml.builder("nomem").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("memory").hasMessageContaining("nomem");
    }

    @Test
    void emptyNameIsRejected() {
        assertThatThrownBy(() -> DomainXml.builder("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty");
    }

    @Test
    void nameWithSlashIsRejectedAsLibvirtDoes() {
        assertThatThrownBy(() -> DomainXml.builder("a/b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'/'").hasMessageContaining("'a/b'");
    }

    @Test
    void nameWithLineBreakIsRejectedAsLibvirtDoes() {
        assertThatThrownBy(() -> DomainXml.builder("a\nb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line break").hasMessageContaining("'a\\u000Ab'");
        assertThatThrownBy(() -> DomainXml.builder("a\rb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line break");
    }

    @Test
    void nameWithCharacterXmlCannotCarryIsRejected() {
        assertThatThrownBy(() -> DomainXml.builder("a\u0001b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+0001").hasMessageContaining("'a\\u0001b'");
        assertThatThrownBy(() -> DomainXml.builder("a\ud800b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+D800");
    }

    @Test
    void nameLongerThan247BytesOfUtf8IsRejected() {
        String longest = "n".repeat(247);
        assertThat(DomainXml.builder(longest).memoryMiB(1).build().name()).isEqualTo(longest);
        assertThatThrownBy(() -> DomainXml.builder("n".repeat(248))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("248 bytes");
        assertThatThrownBy(() -> DomainXml.builder("é".repeat(124))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("248 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a</name><memory>1</memory>x", "web 1", "it's \"quoted\"", "x; rm -rf $(id) `id`",
        "<&>", "]]>", "tab\there", "ünïcödé-日本-🚀", "  lead and trail  ", "&amp;", "-dash", ".dot", "%s%n"})
    void hostileButLegalNamesRoundTripAsLiteralText(String hostile) {
        String legal = hostile.replace("/", "\u2215");
        DomainXml vm = DomainXml.builder(legal).memoryMiB(64).build();

        String xml = DomainXmlCodec.toXml(vm);
        DomainXml back = DomainXmlCodec.fromXml(xml);

        assertThat(back.name()).isEqualTo(legal);
        assertThat(back.memoryKiB()).isEqualTo(64 * 1024);
        assertThat(CanonicalXml.parse(xml).getDocumentElement().getElementsByTagName("memory").getLength())
                .isEqualTo(1);
    }

    @Test
    void injectionAttemptThroughNameIsEscapedNotInterpreted() {
        String xml = DomainXmlCodec.toXml(DomainXml.builder("a<name>b<memory>1<memory>&x").memoryMiB(64).build());

        assertThat(xml).contains("<name>a&lt;name&gt;b&lt;memory&gt;1&lt;memory&gt;&amp;x</name>");
        assertThat(DomainXmlCodec.fromXml(xml).memoryKiB()).isEqualTo(64 * 1024);
    }

    @Test
    void closingTagInNameIsRefusedByTheBuilderBecauseLibvirtRefusesSlashButStillRoundTripsWhenRead() {
        String hostile = "a</name><memory>1</memory>";
        assertThatThrownBy(() -> DomainXml.builder(hostile)).hasMessageContaining("'/'");

        DomainXml read = DomainXmlCodec.fromXml(
                "<domain type='qemu'><name>a&lt;/name&gt;&lt;memory&gt;1&lt;/memory&gt;</name>"
                        + "<memory unit='MiB'>64</memory></domain>");
        DomainXml back = DomainXmlCodec.fromXml(DomainXmlCodec.toXml(read));

        assertThat(back.name()).isEqualTo(hostile);
        assertThat(back.memoryKiB()).isEqualTo(64 * 1024);
    }

    @Test
    void badMemoryIsRejectedNamingTheValue() {
        assertThatThrownBy(() -> DomainXml.builder("m").memoryMiB(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0 MiB");
        assertThatThrownBy(() -> DomainXml.builder("m").memoryKiB(-5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -5 KiB");
        assertThatThrownBy(() -> DomainXml.builder("m").memoryMiB(16L * 1024 * 1024 + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16777217 MiB");
        assertThat(DomainXml.builder("m").memoryMiB(16L * 1024 * 1024).build().memoryKiB())
                .isEqualTo(16L * 1024 * 1024 * 1024);
    }

    @Test
    void vcpusOutsideOneTo4096AreRejectedNamingTheValue() {
        assertThatThrownBy(() -> DomainXml.builder("m").vcpus(0)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> DomainXml.builder("m").vcpus(4097)).hasMessageContaining("got 4097");
        assertThat(DomainXml.builder("m").memoryMiB(1).vcpus(4096).build().vcpus()).isEqualTo(4096);
    }

    @ParameterizedTest
    @ValueSource(strings = {"52:54:00:00:00", "52-54-00-00-00-01", "52:54:00:00:00:0g", "5254.0000.0001",
        "52:54:00:00:00:001", " 52:54:00:00:00:01", ""})
    void malformedMacIsRejectedNamingTheValue(String mac) {
        assertThatThrownBy(() -> DomainXml.builder("m").userInterface(mac))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + mac + "'");
    }

    @Test
    void multicastMacIsRejected() {
        assertThatThrownBy(() -> DomainXml.builder("m").bridgeInterface("br0", "01:00:5e:00:00:01"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unicast")
                .hasMessageContaining("'01:00:5e:00:00:01'");
    }

    @Test
    void sameMacTwiceIsRejected() {
        assertThatThrownBy(() -> DomainXml.builder("m").userInterface("52:54:00:00:00:01")
                .bridgeInterface("br0", "52:54:00:00:00:01")).hasMessageContaining("used twice");
    }

    @Test
    void diskFormatOtherThanQcow2OrRawIsRejected() {
        assertThatThrownBy(() -> DomainXml.builder("m").disk("/a.vmdk", "vmdk", "vda"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'vmdk'");
    }

    @Test
    void relativePathsAreRejectedNamingThePath() {
        assertThatThrownBy(() -> DomainXml.builder("m").disk("images/a.qcow2", "qcow2", "vda"))
                .hasMessageContaining("disk path must be an absolute path").hasMessageContaining("'images/a.qcow2'");
        assertThatThrownBy(() -> DomainXml.builder("m").serialFile("console.log"))
                .hasMessageContaining("serial log").hasMessageContaining("'console.log'");
        assertThatThrownBy(() -> DomainXml.builder("m").directKernel("vmlinuz", null, null))
                .hasMessageContaining("kernel").hasMessageContaining("'vmlinuz'");
        assertThatThrownBy(() -> DomainXml.builder("m").disk("/a\nb.qcow2", "qcow2", "vda"))
                .hasMessageContaining("line break");
    }

    @Test
    void badDiskTargetsAreRejected() {
        assertThatThrownBy(() -> DomainXml.builder("m").disk("/a.qcow2", "qcow2", "xda"))
                .hasMessageContaining("'xda'");
        assertThatThrownBy(() -> DomainXml.builder("m").disk("/a.qcow2", "qcow2", "VDA"))
                .hasMessageContaining("'VDA'");
        assertThatThrownBy(() -> DomainXml.builder("m").disk("/a.qcow2", "qcow2", "vda")
                .disk("/b.qcow2", "qcow2", "vda")).hasMessageContaining("vda is used twice");
    }

    @Test
    void domainTypeMustBeQemuOrKvm() {
        assertThat(DomainXml.builder("m").type("kvm").memoryMiB(1).build().type()).isEqualTo("kvm");
        assertThatThrownBy(() -> DomainXml.builder("m").type("xen")).hasMessageContaining("'xen'");
    }

    @Test
    void bridgeNameWithSpaceOrSlashIsRejected() {
        assertThatThrownBy(() -> DomainXml.builder("m").bridgeInterface("br 0", null)).hasMessageContaining("'br 0'");
        assertThatThrownBy(() -> DomainXml.builder("m").networkInterface("a/b", null)).hasMessageContaining("'a/b'");
    }
}
