package org.iaasengine.libvirt.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.iaasengine.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Hot-plug device XML made by the JAXB classes: exact elements, values escaped, bad input refused. */
class DeviceXmlTest {

    @Test
    void aFileDiskIsOneDiskElementWithDriverSourceAndTargetOnTheBusItsNameImplies() {
        String xml = DeviceXml.toXml(DeviceXml.fileDisk("/var/lib/iaas/volumes/d1.qcow2", "qcow2", "vdb"));
        assertThat(xml.replaceAll("\\s+", "")).isEqualTo("<disktype=\"file\"device=\"disk\"><drivername=\"qemu\""
                + "type=\"qcow2\"/><sourcefile=\"/var/lib/iaas/volumes/d1.qcow2\"/><targetdev=\"vdb\"bus=\"virtio\"/>"
                + "</disk>");
        assertThat(DeviceXml.toXml(DeviceXml.fileDisk("/v/d.qcow2", "qcow2", "sdc"))).contains("bus=\"scsi\"");
    }

    @Test
    void markupInAPathIsEscapedNotInterpreted() {
        String xml = DeviceXml.toXml(DeviceXml.fileDisk("/v/a'\"<b>&.qcow2", "qcow2", "vdb"));
        assertThat(xml).contains("file=\"/v/a'&quot;&lt;b&gt;&amp;.qcow2\"").doesNotContain("<b>");
    }

    @Test
    void aNicOnEachKindOfNetworkCarriesItsMacAndModel() {
        assertThat(DeviceXml.toXml(DeviceXml.nic("user", "52:54:00:AA:00:01", "virtio")).replaceAll("\\s+", ""))
                .isEqualTo("<interfacetype=\"user\"><macaddress=\"52:54:00:aa:00:01\"/><modeltype=\"virtio\"/>"
                        + "</interface>");
        assertThat(DeviceXml.toXml(DeviceXml.nic("network:default", "52:54:00:aa:00:02", null)))
                .contains("type=\"network\"").contains("network=\"default\"");
        assertThat(DeviceXml.toXml(DeviceXml.nic("bridge:br0", "52:54:00:aa:00:03", null)))
                .contains("type=\"bridge\"").contains("bridge=\"br0\"");
    }

    @Test
    void badPathsFormatsTargetsMacsAndNetworksAreRefusedNamingThem() {
        assertThatThrownBy(() -> DeviceXml.fileDisk("relative.qcow2", "qcow2", "vdb"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("relative.qcow2");
        assertThatThrownBy(() -> DeviceXml.fileDisk("/v/d", "vmdk", "vdb"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("vmdk");
        assertThatThrownBy(() -> DeviceXml.fileDisk("/v/d", "qcow2", "xda"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("xda");
        assertThatThrownBy(() -> DeviceXml.nic("user", "nope", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> DeviceXml.nic("direct:eth0", "52:54:00:aa:00:04", null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("direct:eth0");
    }

    @Test
    void aDeviceIsFoundInADomainByTargetOrMac() {
        DomainXml d = DomainXmlCodec.fromXml("<domain type='qemu'><name>x</name><memory>1024</memory><devices>"
                + "<disk type='file' device='disk'><source file='/v/a.qcow2'/><target dev='vdb' bus='virtio'/></disk>"
                + "<interface type='user'><mac address='52:54:00:AA:00:05'/></interface></devices></domain>");
        assertThat(DeviceXml.findDisk(d, "vdb")).hasValueSatisfying(
                disk -> assertThat(disk.sourceFile()).contains("/v/a.qcow2"));
        assertThat(DeviceXml.findDisk(d, "vdc")).isEmpty();
        assertThat(DeviceXml.findNic(d, "52:54:00:aa:00:05")).isPresent();
        assertThat(DeviceXml.findNic(d, "52:54:00:aa:00:06")).isEmpty();
    }
}
