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
import org.iaasengine.powervm.xml.uom.VirtualMediaRepository;
import org.iaasengine.powervm.xml.uom.VirtualOpticalMedia;
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

    private DiskContents contents = new DiskContents();

    VolumeGroups(SimState state, AtomAnswers answers, EventFeed events, Vioses vioses) {
        this.state = state;
        this.answers = answers;
        this.events = events;
        this.vioses = vioses;
    }

    /** The bytes on the disks: a disk made from a base image gets the image's bytes. */
    VolumeGroups withContents(DiskContents diskContents) {
        this.contents = diskContents;
        return this;
    }

    /** The virtual disk with UDID {@code udid} in a volume group of the VIOS {@code vios}, or null. */
    VirtualDisk diskByUdid(String vios, String udid) {
        return volumeGroups.entrySet().stream().filter(e -> vios.equals(vgVios.get(e.getKey())))
                .flatMap(e -> e.getValue().virtualDisks.disks.stream())
                .filter(d -> udid != null && udid.equals(d.uniqueDeviceId)).findFirst().orElse(null);
    }

    /** The virtual disk named {@code name} in any volume group, or null. */
    VirtualDisk diskNamed(String name) {
        return volumeGroups.values().stream().flatMap(vg -> vg.virtualDisks.disks.stream())
                .filter(d -> name.equals(d.diskName)).findFirst().orElse(null);
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
                            "VolumeGroup", e.getKey()), withMedia(vios, e.getKey(), e.getValue()))).toList());
        }
        String vgId = rest[1];
        VolumeGroup vg = vios.equals(vgVios.get(vgId)) ? volumeGroups.get(vgId) : null;
        SimError.found(vg, "VolumeGroup", vgId);
        if (method.equals("POST")) {
            state.checkEtag(vgId, ifMatch, conflict);
            VolumeGroup sent = PowerVmXml.unmarshal(body, VolumeGroup.class);
            updateMedia(vios, vgId, sent);
            update(vg, sent);
            state.touch(vgId);
            events.emit("MODIFY_URI", state.href("VirtualIOServer", vios, "VolumeGroup", vgId));
        }
        return answers.entry("VolumeGroup", vgId, state.href("VirtualIOServer", vios, "VolumeGroup", vgId),
                withMedia(vios, vgId, vg), false);
    }

    /** The volume group of a VIOS that holds its media repository: its first. */
    private boolean holdsRepository(String vios, String vgId) {
        return volumeGroups.keySet().stream().filter(id -> vios.equals(vgVios.get(id))).findFirst()
                .map(vgId::equals).orElse(false);
    }

    /** {@code vg} as answered: the repository group shows the VIOS's media ({@code VMLibrary}). */
    private VolumeGroup withMedia(String vios, String vgId, VolumeGroup vg) {
        vg.mediaRepositories = null;
        if (!holdsRepository(vios, vgId)) {
            return vg;
        }
        VirtualMediaRepository repo = new VirtualMediaRepository();
        repo.repositoryName = "VMLibrary";
        repo.repositorySize = 11.0;
        for (String name : vioses.media(vios)) {
            VirtualOpticalMedia m = VirtualOpticalMedia.ref(name);
            m.mediaUdid = "0e" + name;
            m.mountType = "rw";
            m.size = vioses.mediaBytes(vios, name).map(b -> Math.max(0.0001, b.length / (double) (1L << 30)))
                    .orElse(0.0977);
            repo.opticalMedia.media.add(m);
        }
        vg.mediaRepositories = new VirtualMediaRepository.MediaRepositories();
        vg.mediaRepositories.repositories.add(repo);
        return vg;
    }

    /**
     * A POST that carries the repository sets its media: a medium left out is removed (409 while a
     * mapping serves it), a new name is a blank medium.
     */
    private void updateMedia(String vios, String vgId, VolumeGroup sent) {
        if (sent.mediaRepositories == null) {
            return;
        }
        if (!holdsRepository(vios, vgId)) {
            throw SimError.badRequest("volume group " + vgId + " holds no media repository");
        }
        Set<String> wanted = new HashSet<>();
        sent.mediaRepositories.repositories.forEach(r -> r.opticalMedia.media.forEach(m -> wanted.add(m.mediaName)));
        for (String name : vioses.media(vios)) {
            if (!wanted.contains(name) && vioses.mapped(name)) {
                throw SimError.conflict("optical media " + name + " is mapped; unmap it first");
            }
        }
        for (String name : vioses.media(vios)) {
            if (!wanted.contains(name)) {
                vioses.removeMedia(vios, name);
            }
        }
        wanted.stream().filter(n -> !vioses.hasMedia(vios, n)).forEach(n -> vioses.addMedia(vios, n, new byte[0]));
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
                if (d.baseImage != null) {
                    contents.copy(d.baseImage, d.uniqueDeviceId);
                }
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
        Set<String> kept = new HashSet<>();
        sent.virtualDisks.disks.forEach(d -> kept.add(d.uniqueDeviceId));
        current.virtualDisks.disks.stream().filter(d -> !kept.contains(d.uniqueDeviceId))
                .forEach(d -> contents.remove(d.uniqueDeviceId));
        current.virtualDisks.disks = new ArrayList<>(sent.virtualDisks.disks);
        current.freeSpace = current.groupCapacity - used;
        current.availableSize = current.freeSpace;
    }
}
