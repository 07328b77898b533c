package org.iaasengine.powervm.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iaasengine.powervm.xml.PowerVmXml;
import org.iaasengine.powervm.xml.uom.Metadata;
import org.iaasengine.powervm.xml.uom.VirtualDisk;
import org.iaasengine.powervm.xml.uom.VolumeGroup;

/**
 * The volume groups of the VIOSes and their virtual disks
 * ({@code VirtualIOServer/<uuid>/VolumeGroup[/<vg>]}): a POST replaces the disk list, so it creates
 * disks (a fresh UDID, optionally from a base image in the group) and removes them, refusing a
 * duplicate name, a group too small and the removal of a mapped disk.
 *
 * <pre>{@code
 * String vg = volumeGroups.add(viosUuid, "rootvg");
 * VirtualDisk d = volumeGroups.diskOn(viosUuid, "b_web1");
 * }</pre>
 */
final class VolumeGroups {
    private final SimState state;
    private final AtomAnswers answers;
    private final EventFeed events;
    private final Vioses vioses;
    private final Map<String, VolumeGroup> volumeGroups = new LinkedHashMap<>();
    private final Map<String, String> vgVios = new HashMap<>();

    VolumeGroups(SimState state, AtomAnswers answers, EventFeed events, Vioses vioses) {
        this.state = state;
        this.answers = answers;
        this.events = events;
        this.vioses = vioses;
    }

    /** Adds an empty 500 GB volume group to a VIOS (the seed); returns its UUID. */
    String add(String vios, String name) {
        VolumeGroup vg = new VolumeGroup();
        String vgId = state.newUuid();
        vg.metadata = Metadata.of(vgId, state.now());
        vg.groupName = name;
        vg.groupCapacity = 500.0;
        vg.availableSize = 500.0;
        vg.freeSpace = 500.0;
        vg.uniqueDeviceId = "04" + vgId.replace("-", "").toLowerCase();
        volumeGroups.put(vgId, vg);
        vgVios.put(vgId, vios);
        state.track(vgId);
        return vgId;
    }

    /** The UUID of the volume group {@code name} of a VIOS. */
    String uuidOf(String vios, String name) {
        return volumeGroups.entrySet().stream()
                .filter(e -> vios.equals(vgVios.get(e.getKey())) && name.equals(e.getValue().groupName))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new IllegalArgumentException("no vg " + name));
    }

    /** The names of the virtual disks of every group. */
    List<String> diskNames() {
        List<String> disks = new ArrayList<>();
        volumeGroups.values().forEach(vg -> vg.virtualDisks.disks.forEach(d -> disks.add(d.diskName)));
        return disks;
    }

    /** A copy (name, capacity, UDID) of the virtual disk {@code name} of a VIOS; 400 if it has none. */
    VirtualDisk diskOn(String vios, String name) {
        VirtualDisk d = volumeGroups.entrySet().stream().filter(e -> vios.equals(vgVios.get(e.getKey())))
                .flatMap(e -> e.getValue().virtualDisks.disks.stream())
                .filter(x -> x.diskName.equals(name)).findFirst()
                .orElseThrow(() -> SimError.badRequest("no virtual disk " + name + " on this VIOS"));
        VirtualDisk c = VirtualDisk.of(d.diskName, d.diskCapacity, null);
        c.uniqueDeviceId = d.uniqueDeviceId;
        return c;
    }

    /** {@code VolumeGroup[/<vg>]} under the VIOS {@code vios} (which exists). */
    SimResponse handle(String method, String vios, String[] rest, byte[] body, String ifMatch, boolean conflict) {
        if (rest.length == 1) {
            return answers.feed(state.href("VirtualIOServer", vios, "VolumeGroup"), volumeGroups.entrySet().stream()
                    .filter(e -> vios.equals(vgVios.get(e.getKey())))
                    .map(e -> answers.feedEntry("VolumeGroup", e.getKey(), state.href("VirtualIOServer", vios,
                            "VolumeGroup", e.getKey()), e.getValue())).toList());
        }
        String vgId = rest[1];
        VolumeGroup vg = vios.equals(vgVios.get(vgId)) ? volumeGroups.get(vgId) : null;
        SimError.found(vg, "VolumeGroup", vgId);
        if (method.equals("POST")) {
            state.checkEtag(vgId, ifMatch, conflict);
            update(vg, PowerVmXml.unmarshal(body, VolumeGroup.class));
            state.touch(vgId);
            events.emit("MODIFY_URI", state.href("VirtualIOServer", vios, "VolumeGroup", vgId));
        }
        return answers.entry("VolumeGroup", vgId, state.href("VirtualIOServer", vios, "VolumeGroup", vgId), vg, false);
    }

    private void update(VolumeGroup current, VolumeGroup sent) {
        Set<String> keep = new HashSet<>();
        double used = 0;
        for (VirtualDisk d : sent.virtualDisks.disks) {
            if (d.diskName == null || d.diskCapacity == null || d.diskCapacity <= 0) {
                throw SimError.badRequest("virtual disk needs a name and a positive capacity");
            }
            if (!keep.add(d.diskName)) {
                throw SimError.conflict("two virtual disks named " + d.diskName);
            }
            if (d.uniqueDeviceId != null) {
                current.virtualDisks.disks.stream().filter(x -> d.uniqueDeviceId.equals(x.uniqueDeviceId)
                        && x.diskCapacity != null && d.diskCapacity < x.diskCapacity).findFirst().ifPresent(x -> {
                            throw SimError.badRequest("virtual disk " + x.diskName + " cannot shrink from "
                                    + x.diskCapacity + " to " + d.diskCapacity + " GB");
                        });
            }
            if (d.uniqueDeviceId == null) {
                if (d.baseImage != null && current.virtualDisks.disks.stream()
                        .noneMatch(x -> d.baseImage.equals(x.uniqueDeviceId))) {
                    throw SimError.badRequest("base image " + d.baseImage + " is not in the group");
                }
                d.uniqueDeviceId = current.uniqueDeviceId + "." + state.nextId();
            }
            used += d.diskCapacity;
        }
        for (VirtualDisk d : current.virtualDisks.disks) {
            if (!keep.contains(d.diskName) && vioses.mapped(d.diskName)) {
                throw SimError.conflict("virtual disk " + d.diskName + " is mapped; unmap it first");
            }
        }
        if (used > current.groupCapacity) {
            throw SimError.badRequest("volume group " + current.groupName + " has not enough space");
        }
        current.virtualDisks.disks = new ArrayList<>(sent.virtualDisks.disks);
        current.freeSpace = current.groupCapacity - used;
        current.availableSize = current.freeSpace;
    }
}
