package org.iaasengine.powervm.simulator;

import java.util.ArrayList;
import java.util.Objects;
import org.iaasengine.powervm.xml.PowerVmXml;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.iaasengine.powervm.xml.uom.PhysicalVolume;
import org.iaasengine.powervm.xml.uom.ScsiStorage;
import org.iaasengine.powervm.xml.uom.VirtualAdapter;
import org.iaasengine.powervm.xml.uom.VirtualFibreChannelMapping;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;
import org.iaasengine.powervm.xml.uom.VirtualOpticalMedia;
import org.iaasengine.powervm.xml.uom.VirtualScsiMapping;

/**
 * The VIOS resource ({@code VirtualIOServer[/<uuid>]}, also under a managed system) and its vSCSI
 * and NPIV mappings: a POST (etag-checked) replaces the mapping lists; a new mapping must name an
 * existing LPAR and storage the VIOS reaches (a virtual disk of its volume groups, a logical unit
 * of a pool, a physical volume it sees, an optical medium of its repository) or one of its FC
 * ports, and gets its client and server adapters, its target device, and for NPIV the WWPNs and
 * the port's details (location code, unique device id, port counts) from the simulator, as an HMC
 * fills them. {@link #mapForeign} makes a mapping as another tool would (of any storage).
 *
 * <pre>{@code
 * SimResponse r = viosResource.handle("POST", viosUuid, body, etag, false);
 * }</pre>
 */
final class ViosResource {
    private final SimState state;
    private final AtomAnswers answers;
    private final EventFeed events;
    private final Vioses vioses;
    private final Lpars lpars;
    private final VolumeGroups volumeGroups;
    private final StoragePools pools;

    ViosResource(SimState state, AtomAnswers answers, EventFeed events, Vioses vioses, Lpars lpars,
            VolumeGroups volumeGroups, StoragePools pools) {
        this.state = state;
        this.answers = answers;
        this.events = events;
        this.vioses = vioses;
        this.lpars = lpars;
        this.volumeGroups = volumeGroups;
        this.pools = pools;
    }

    /** {@code GET VirtualIOServer} (only those of {@code system} when it is not null). */
    SimResponse feed(String system) {
        return answers.feed(state.href("VirtualIOServer"), vioses.all().stream()
                .filter(v -> system == null || system.equals(vioses.systemOf(v.uuid())))
                .map(v -> answers.feedEntry("VirtualIOServer", v.uuid(), state.href("VirtualIOServer", v.uuid()), v))
                .toList());
    }

    /** {@code GET} or {@code POST VirtualIOServer/<id>}. */
    SimResponse handle(String method, String id, byte[] body, String ifMatch, boolean conflict) {
        VirtualIOServer v = vioses.require(id);
        if (method.equals("POST")) {
            state.checkEtag(id, ifMatch, conflict);
            update(v, PowerVmXml.unmarshal(body, VirtualIOServer.class));
            state.touch(id);
            events.emit("MODIFY_URI", state.href("ManagedSystem", vioses.systemOf(id), "VirtualIOServer", id));
        }
        return answers.entry("VirtualIOServer", id, state.href("VirtualIOServer", id), v, false);
    }

    /** A vSCSI mapping of {@code storage} to an LPAR, made on the VIOS as another tool would. */
    void mapForeign(String vios, String lparUuid, ScsiStorage storage) {
        VirtualIOServer current = vioses.require(vios);
        if (storage.otherKind() != null) {
            vioses.allowForeign(storage.otherKind());
        }
        VirtualScsiMapping m = VirtualScsiMapping.of(state.href("LogicalPartition", lparUuid), storage);
        connect(current, m, client(lparUuid));
        current.scsiMappings.mappings.add(m);
        state.touch(vios);
        events.emit("MODIFY_URI", state.href("ManagedSystem", vioses.systemOf(vios), "VirtualIOServer", vios));
    }

    private void update(VirtualIOServer current, VirtualIOServer sent) {
        String vios = current.uuid();
        for (VirtualScsiMapping m : sent.scsiMappings.mappings) {
            if (m.serverAdapter != null && m.serverAdapter.virtualSlotNumber != null) {
                continue; // an existing mapping
            }
            LogicalPartition l = client(m.lparUuid());
            resolveStorage(vios, m.storage);
            connect(current, m, l);
        }
        for (VirtualFibreChannelMapping m : sent.fcMappings.mappings) {
            if (m.clientAdapter != null && m.clientAdapter.wwpns != null) {
                continue;
            }
            LogicalPartition l = client(m.lparUuid());
            if (!vioses.ports(vios).contains(m.portName())) {
                throw SimError.badRequest("VIOS " + current.partitionName + " has no FC port " + m.portName());
            }
            int n = state.nextId();
            int slot = 30 + n % 1000;
            m.clientAdapter = adapter("Client", l.partitionId, slot, 1, slot);
            m.clientAdapter.wwpns = String.format("C05076079CFF%04X C05076079CFF%04X", 2 * n, 2 * n + 1);
            m.serverAdapter = adapter("Server", 1, slot, l.partitionId, slot);
            portDetails(m.port, m.portName());
        }
        current.scsiMappings.mappings = new ArrayList<>(sent.scsiMappings.mappings);
        current.fcMappings.mappings = new ArrayList<>(sent.fcMappings.mappings);
    }

    /** The adapters and target device of a new vSCSI mapping. */
    private void connect(VirtualIOServer current, VirtualScsiMapping m, LogicalPartition l) {
        int slot = 10 + current.scsiMappings.mappings.size() + state.nextId() % 1000;
        m.clientAdapter = adapter("Client", l.partitionId, slot, 1, slot);
        m.serverAdapter = adapter("Server", 1, slot, l.partitionId, slot);
        m.other.removeIf(e -> e.getLocalName().equals("TargetDevice"));
        m.other.add(SimDom.wrap("TargetDevice", SimDom.group(targetDevice(m.storage),
                SimDom.uom("LogicalUnitAddress", String.format("0x%02X00000000000000", 0x81 + slot % 64)),
                SimDom.uom("TargetName", (m.storage != null && m.storage.virtualOpticalMedia != null ? "vtopt"
                        : "vtscsi") + slot))));
    }

    private static String targetDevice(ScsiStorage s) {
        if (s == null || s.virtualDisk != null) {
            return "LogicalVolumeVirtualTargetDevice";
        }
        if (s.logicalUnit != null) {
            return "SharedStoragePoolLogicalUnitVirtualTargetDevice";
        }
        if (s.virtualOpticalMedia != null) {
            return "VirtualOpticalTargetDevice";
        }
        return "PhysicalVolumeVirtualTargetDevice";
    }

    /** What an HMC says of an FC port besides its name and WWPN. */
    private static void portDetails(VirtualFibreChannelMapping.FcPort port, String name) {
        String location = "U78D3.001.SIM0001-P1-C4-T" + (name.equals("fcs0") ? "1" : "2");
        port.wwpn = "10000090FA1B" + (name.equals("fcs0") ? "6898" : "6899");
        port.other.clear();
        port.other.add(SimDom.uom("LocationCode", location));
        port.other.add(SimDom.uom("UniqueDeviceID", "1a" + location));
        port.other.add(SimDom.uom("AvailablePorts", "63"));
        port.other.add(SimDom.uom("TotalPorts", "64"));
    }

    private LogicalPartition client(String lparUuid) {
        LogicalPartition l = lpars.get(lparUuid);
        if (l == null) {
            throw SimError.badRequest("mapping names partition " + lparUuid + ", which does not exist");
        }
        return l;
    }

    private static VirtualAdapter adapter(String type, int local, int slot, int remote, int remoteSlot) {
        VirtualAdapter a = new VirtualAdapter();
        a.adapterType = type;
        a.localPartitionId = local;
        a.requiredAdapter = false;
        a.virtualSlotNumber = slot;
        a.remoteLogicalPartitionId = remote;
        a.remoteSlotNumber = remoteSlot;
        return a;
    }

    /** Replaces the storage a mapping names by the simulator's reference to it; 400 if the VIOS cannot reach it. */
    private void resolveStorage(String vios, ScsiStorage s) {
        if (s == null) {
            throw SimError.badRequest("mapping has no storage");
        }
        if (s.virtualDisk != null) {
            s.virtualDisk = volumeGroups.diskOn(vios, s.virtualDisk.diskName);
        } else if (s.logicalUnit != null) {
            s.logicalUnit = pools.claim(s.logicalUnit.uniqueDeviceId, s.logicalUnit.unitName);
        } else if (s.physicalVolume != null) {
            PhysicalVolume pv = vioses.get(vios).physicalVolumes.volumes.stream()
                    .filter(p -> Objects.equals(p.uniqueDeviceId, s.physicalVolume.uniqueDeviceId)).findFirst()
                    .orElseThrow(() -> SimError.badRequest("VIOS does not see a volume with id "
                            + s.physicalVolume.uniqueDeviceId));
            s.physicalVolume = PhysicalVolume.ref(pv.volumeName, pv.uniqueDeviceId);
        } else if (s.virtualOpticalMedia != null) {
            String media = s.virtualOpticalMedia.mediaName;
            if (media == null || !vioses.hasMedia(vios, media)) {
                throw SimError.badRequest("the media repository has no medium " + media);
            }
            VirtualOpticalMedia ref = VirtualOpticalMedia.ref(media);
            ref.mountType = s.virtualOpticalMedia.mountType == null ? "r" : s.virtualOpticalMedia.mountType;
            s.virtualOpticalMedia = ref;
        } else if (!s.other.isEmpty()) {
            if (!vioses.mapsForeign(s.other.get(0).getLocalName())) {
                throw SimError.badRequest("mapping has storage of a kind this VIOS cannot map: "
                        + s.other.get(0).getLocalName());
            }
        } else {
            throw SimError.badRequest("mapping has empty storage");
        }
    }
}
