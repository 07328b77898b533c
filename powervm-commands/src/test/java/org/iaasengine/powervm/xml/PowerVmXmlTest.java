package org.iaasengine.powervm.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.JobStatus;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.SystemInfo;
import org.iaasengine.powervm.xml.atom.AtomEntry;
import org.iaasengine.powervm.xml.atom.AtomFeed;
import org.iaasengine.powervm.xml.schema.Namespaces;
import org.iaasengine.powervm.xml.uom.ClientNetworkAdapter;
import org.iaasengine.powervm.xml.uom.Event;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.iaasengine.powervm.xml.uom.LogicalUnit;
import org.iaasengine.powervm.xml.uom.ManagedSystem;
import org.iaasengine.powervm.xml.uom.SharedStoragePool;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;
import org.iaasengine.powervm.xml.uom.VirtualScsiMapping;
import org.iaasengine.powervm.xml.uom.VolumeGroup;
import org.iaasengine.powervm.xml.web.HttpErrorResponse;
import org.iaasengine.powervm.xml.web.JobRequest;
import org.iaasengine.powervm.xml.web.JobResponse;
import org.iaasengine.powervm.xml.web.LogonResponse;
import org.junit.jupiter.api.Test;

/** The JAXB model reads payloads shaped like the recorded HMC responses (the project's own fixtures). */
class PowerVmXmlTest {

    private static byte[] fixture(String name) {
        try (InputStream in = PowerVmXmlTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T content(String name, Class<T> type) {
        return PowerVmXml.unmarshal(fixture(name), AtomEntry.class).content(type);
    }

    @Test
    void anLparFeedGivesEachPartitionWithItsStateSizeAndEtag() {
        AtomFeed feed = PowerVmXml.unmarshal(fixture("lpar_feed.xml"), AtomFeed.class);

        assertThat(feed.entries).hasSize(2);
        AtomEntry first = feed.entries.get(0);
        LparInfo running = LparInfo.of(first.content(LogicalPartition.class));
        LparInfo off = LparInfo.of(feed.entries.get(1).content(LogicalPartition.class));
        assertThat(first.etag()).isEqualTo("-12345");
        assertThat(feed.entries.get(1).etag()).isEqualTo("777000111");
        assertThat(running).isEqualTo(new LparInfo("11111111-2222-4333-8444-555555555555", "app-server-01", 7,
                "running", "active", 4096, 2, 0.75, "1a2b3c4d-0000-3000-8000-00000000aaaa", "AIX/Linux"));
        assertThat(first.content(LogicalPartition.class).adapterLinks()).hasSize(1);
        assertThat(off.state()).isEqualTo("not activated");
        assertThat(off.vcpus()).isEqualTo(4);
        assertThat(off.procUnits()).isZero();
        assertThat(first.link("SELF")).endsWith("/LogicalPartition/11111111-2222-4333-8444-555555555555");
    }

    @Test
    void aManagedSystemGivesItsCapacityAndIdentity() {
        SystemInfo ms = SystemInfo.of(content("managed_system.xml", ManagedSystem.class));

        assertThat(ms).isEqualTo(new SystemInfo("1a2b3c4d-0000-3000-8000-00000000aaaa", "Server-9009-42A-SN78ABCDE",
                "operating", "9009", "42A", "78ABCDE", 262144, 100352, 16.0, 3.25, true));
    }

    @Test
    void aViosGivesItsVolumesAndBothKindsOfMapping() {
        VirtualIOServer vios = content("vios.xml", VirtualIOServer.class);

        assertThat(vios.partitionName).isEqualTo("vios1");
        assertThat(vios.physicalVolumes.volumes).singleElement().satisfies(pv -> {
            assertThat(pv.volumeName).isEqualTo("hdisk4");
            assertThat(pv.fibreChannelBacked).isTrue();
        });
        List<VirtualScsiMapping> scsi = vios.scsiMappings.mappings;
        assertThat(scsi).hasSize(2);
        assertThat(scsi.get(0).lparUuid()).isEqualTo("11111111-2222-4333-8444-555555555555");
        assertThat(scsi.get(0).storage.virtualDisk.diskName).isEqualTo("b_app_server_0");
        assertThat(scsi.get(0).serverAdapter.virtualSlotNumber).isEqualTo(22);
        assertThat(scsi.get(1).storage.logicalUnit.unitName).isEqualTo("data_app_server_01");
        assertThat(vios.fcMappings.mappings).singleElement().satisfies(m -> {
            assertThat(m.portName()).isEqualTo("fcs0");
            assertThat(m.clientAdapter.wwpns).isEqualTo("C05076011A2B0010 C05076011A2B0011");
        });
    }

    @Test
    void aReadModifyWriteOfAViosKeepsTheElementsTheModelDoesNotMap() {
        VirtualIOServer vios = content("vios.xml", VirtualIOServer.class);
        vios.scsiMappings.mappings.remove(1);

        String written = PowerVmXml.toXml(vios);
        VirtualIOServer reread = PowerVmXml.unmarshal(written, VirtualIOServer.class);

        assertThat(written).contains("MediaRepositories").contains("VMLibrary").contains("vtscsi0");
        assertThat(reread.scsiMappings.mappings).hasSize(1);
        assertThat(reread.other).extracting(e -> e.getLocalName()).contains("MediaRepositories");
        assertThat(written).contains("schemaVersion=\"V1_2_0\"").contains(Namespaces.UOM);
    }

    @Test
    void aVolumeGroupAndAPoolGiveTheirDisksAndImageLinks() {
        VolumeGroup vg = content("volume_group.xml", VolumeGroup.class);
        SharedStoragePool ssp = content("ssp.xml", SharedStoragePool.class);

        assertThat(vg.groupName).isEqualTo("datavg");
        assertThat(vg.virtualDisks.disks).extracting(d -> d.diskName).containsExactly("i_ubuntu2404",
                "b_app_server_0");
        assertThat(vg.virtualDisks.disks.get(1).baseImage).isEqualTo(vg.virtualDisks.disks.get(0).uniqueDeviceId);
        assertThat(ssp.storagePoolName).isEqualTo("cluster_ssp");
        assertThat(ssp.logicalUnits.units).extracting(u -> u.logicalUnitType).containsExactly(LogicalUnit.IMAGE,
                LogicalUnit.DISK);
        assertThat(ssp.logicalUnits.units.get(1).clonedFrom).isEqualTo(ssp.logicalUnits.units.get(0).uniqueDeviceId);
        assertThat(PowerVmXml.toXml(ssp)).contains("AlertThreshold");
    }

    @Test
    void aClientNetworkAdapterGivesItsMacVlanAndSwitch() {
        ClientNetworkAdapter cna = content("cna.xml", ClientNetworkAdapter.class);

        assertThat(cna.uuid()).isEqualTo("aaaa0000-1111-3222-8333-444455556666");
        assertThat(cna.macAddress).isEqualTo("6A1B2C3D4E05");
        assertThat(cna.portVlanId).isEqualTo(2001);
        assertThat(cna.associatedVirtualSwitch.links).hasSize(1);
    }

    @Test
    void jobPayloadsGiveOperationStatusAndResults() {
        JobRequest template = content("job_request.xml", JobRequest.class);
        JobResponse ok = content("job_response_ok.xml", JobResponse.class);
        JobResponse failed = content("job_response_failed.xml", JobResponse.class);

        assertThat(template.operation.operationName).isEqualTo("PowerOff");
        assertThat(template.operation.groupName).isEqualTo("LogicalPartition");
        assertThat(JobStatus.of(ok.status)).isEqualTo(JobStatus.COMPLETED_OK);
        assertThat(ok.jobId).isEqualTo("1740909612345");
        assertThat(ok.request.parameter("operation")).contains("osshutdown");
        assertThat(ok.progress.linearProgress).isEqualTo(1.0);
        assertThat(JobStatus.of(failed.status)).isEqualTo(JobStatus.COMPLETED_WITH_ERROR);
        assertThat(failed.result("returnCode")).contains("1");
        assertThat(failed.result("result")).hasValueSatisfying(r -> assertThat(r).startsWith("HSCL05DF"));
    }

    @Test
    void aFilledJobRequestIsWrittenInTheWebNamespace() {
        JobRequest req = content("job_request.xml", JobRequest.class).parameter("operation", "shutdown")
                .parameter("immediate", "true");

        JobRequest reread = PowerVmXml.unmarshal(PowerVmXml.marshal(req), JobRequest.class);

        assertThat(reread.parameter("immediate")).contains("true");
        assertThat(PowerVmXml.toXml(req)).contains(Namespaces.WEB);
    }

    @Test
    void errorsLogonAndEventsParse() {
        HttpErrorResponse err = content("http_error.xml", HttpErrorResponse.class);
        LogonResponse logon = PowerVmXml.unmarshal(fixture("logon_response.xml"), LogonResponse.class);
        AtomFeed events = PowerVmXml.unmarshal(fixture("event_feed.xml"), AtomFeed.class);

        assertThat(err.httpStatus).isEqualTo(500);
        assertThat(err.requestUri).startsWith("/rest/api/uom/SharedStoragePool/");
        assertThat(logon.session).isEqualTo("fixture-token-2f9c1a7e");
        assertThat(logon.toString()).doesNotContain("fixture-token");
        Event e = events.entries.get(0).content(Event.class);
        assertThat(e.eventType).isEqualTo("MODIFY_URI");
        assertThat(events.entries.get(0).etag()).isEqualTo("1200300");
    }

    @Test
    void theCreatePayloadOfAnLparFollowsTheBuilderShape() {
        String xml = PowerVmXml.toXml(LogicalPartition.create("web1", 2048, 0.5, 1));

        assertThat(xml).contains("<uom:PartitionName>web1</uom:PartitionName>")
                .contains("<uom:DesiredProcessingUnits>0.5</uom:DesiredProcessingUnits>")
                .contains("<uom:SharingMode>uncapped</uom:SharingMode>")
                .contains("<uom:PartitionType>AIX/Linux</uom:PartitionType>");
        assertThat(xml.indexOf("PartitionMemoryConfiguration")).isLessThan(xml.indexOf("PartitionName"));
    }

    @Test
    void externalEntitiesAreRefusedAndBadPayloadsAreInternalFailures() {
        String evil = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<LogonResponse xmlns=\"" + Namespaces.WEB + "\"><X-API-Session>&e;</X-API-Session></LogonResponse>";

        CommandException e = catchThrowableOfType(CommandException.class,
                () -> PowerVmXml.unmarshal(evil, LogonResponse.class));
        CommandException wrongType = catchThrowableOfType(CommandException.class,
                () -> PowerVmXml.unmarshal(fixture("logon_response.xml"), AtomFeed.class));

        assertThat(e.category()).isEqualTo(FailureCategory.INTERNAL);
        assertThat(wrongType.getMessage()).contains("AtomFeed").contains("LogonResponse");
    }
}
