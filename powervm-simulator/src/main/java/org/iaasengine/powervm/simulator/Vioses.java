package org.iaasengine.powervm.simulator;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iaasengine.powervm.xml.uom.BasePartition;
import org.iaasengine.powervm.xml.uom.Link;
import org.iaasengine.powervm.xml.uom.Metadata;
import org.iaasengine.powervm.xml.uom.PhysicalVolume;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;

/**
 * The Virtual I/O Servers as data: the managed system each one is on, its Fibre Channel ports, the
 * physical volumes it sees, and the questions other resources ask about their vSCSI mappings. The
 * REST resource and the mapping rules are {@link ViosResource}.
 *
 * <pre>{@code
 * String vios = vioses.add(systemUuid, "vios-a");
 * boolean inUse = vioses.mapped("b_web1");
 * }</pre>
 */
final class Vioses {
    private final SimState state;
    private final Map<String, VirtualIOServer> vioses = new LinkedHashMap<>();
    private final Map<String, String> viosSystem = new HashMap<>();
    private final Map<String, List<String>> viosPorts = new HashMap<>();
    private final Map<String, java.util.Set<String>> viosMedia = new HashMap<>();
    /** The bytes of each medium a File upload made, by {@code vios/name}. */
    private final Map<String, byte[]> mediaBytes = new HashMap<>();

    Vioses(SimState state) {
        this.state = state;
    }

    /** Adds a running VIOS with ports {@code fcs0} and {@code fcs1} (the seed); returns its UUID. */
    String add(String system, String name) {
        return add(system, name, 1);
    }

    /** {@link #add(String, String)} with the partition id {@code partitionId}. */
    String add(String system, String name, int partitionId) {
        VirtualIOServer v = new VirtualIOServer();
        String id = state.newUuid();
        v.metadata = Metadata.of(id, state.now());
        v.partitionId = partitionId;
        v.partitionName = name;
        v.partitionState = SimState.RUNNING;
        v.partitionType = "Virtual IO Server";
        v.partitionUuid = id;
        v.rmcState = "active";
        v.memoryConfiguration = new BasePartition.MemoryConfiguration();
        v.memoryConfiguration.desiredMemory = 4096L;
        v.memoryConfiguration.currentMemory = 4096L;
        v.associatedManagedSystem = new Link(state.href("ManagedSystem", system));
        vioses.put(id, v);
        viosSystem.put(id, system);
        viosPorts.put(id, List.of("fcs0", "fcs1"));
        viosMedia.put(id, new java.util.LinkedHashSet<>());
        state.track(id);
        return id;
    }

    /** Every VIOS, in creation order. */
    Collection<VirtualIOServer> all() {
        return vioses.values();
    }

    /** The VIOS with this UUID, or null. */
    VirtualIOServer get(String uuid) {
        return vioses.get(uuid);
    }

    /** The VIOS with this UUID; 404 if there is none. */
    VirtualIOServer require(String uuid) {
        return SimError.found(vioses.get(uuid), "VirtualIOServer", uuid);
    }

    /** The UUID of the managed system the VIOS is on. */
    String systemOf(String uuid) {
        return viosSystem.get(uuid);
    }

    /** The UUID of the (first) VIOS of a managed system. */
    String onSystem(String system) {
        return viosSystem.entrySet().stream().filter(e -> e.getValue().equals(system))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    /** The Fibre Channel port names of a VIOS. */
    List<String> ports(String uuid) {
        return viosPorts.get(uuid);
    }

    /** The UUID of the VIOS named {@code name}. */
    String uuidOf(String name) {
        return vioses.values().stream().filter(v -> name.equals(v.partitionName)).findFirst()
                .map(BasePartition::uuid).orElseThrow(() -> new IllegalArgumentException("no vios " + name));
    }

    /** Whether some vSCSI mapping serves the storage (virtual disk, logical unit or volume) so named. */
    boolean mapped(String storageName) {
        return vioses.values().stream().flatMap(v -> v.scsiMappings.mappings.stream())
                .anyMatch(m -> m.storage != null && storageName.equals(m.storage.name()));
    }

    /** Puts an optical medium (an ISO) in the media repository of a VIOS. */
    void addMedia(String vios, String mediaName) {
        viosMedia.get(vios).add(mediaName);
        state.touch(vios);
    }

    /** Puts an optical medium with its bytes (a File upload) in the media repository of a VIOS. */
    void addMedia(String vios, String mediaName, byte[] bytes) {
        addMedia(vios, mediaName);
        mediaBytes.put(vios + "/" + mediaName, bytes.clone());
    }

    /** Removes an optical medium (and its bytes) from the media repository of a VIOS. */
    void removeMedia(String vios, String mediaName) {
        viosMedia.get(vios).remove(mediaName);
        mediaBytes.remove(vios + "/" + mediaName);
        state.touch(vios);
    }

    /** The media of the repository of a VIOS, in the order they came. */
    List<String> media(String vios) {
        return List.copyOf(viosMedia.get(vios));
    }

    /** The bytes of a medium a File upload made (empty: none, or a medium made otherwise). */
    java.util.Optional<byte[]> mediaBytes(String vios, String mediaName) {
        return java.util.Optional.ofNullable(mediaBytes.get(vios + "/" + mediaName)).map(byte[]::clone);
    }

    private final java.util.Set<String> foreignKinds = new java.util.HashSet<>();

    /** From now on the VIOSes map storage of this kind (one the library does not model). */
    void allowForeign(String kind) {
        foreignKinds.add(kind);
    }

    /** Whether the VIOSes map storage of this kind the library does not model. */
    boolean mapsForeign(String kind) {
        return foreignKinds.contains(kind);
    }

    /** Whether the media repository of a VIOS holds the medium. */
    boolean hasMedia(String vios, String mediaName) {
        return viosMedia.get(vios).contains(mediaName);
    }

    /** Makes a Fibre Channel LUN visible to a VIOS as a physical volume (for vSCSI attach). */
    void addFcVolume(String vios, String volumeName, String udid, long capacityMb) {
        PhysicalVolume pv = PhysicalVolume.ref(volumeName, udid);
        pv.volumeCapacity = capacityMb;
        pv.volumeState = "active";
        pv.fibreChannelBacked = true;
        pv.description = "MPIO IBM 2076 FC Disk";
        vioses.get(vios).physicalVolumes.volumes.add(pv);
        state.touch(vios);
    }
}
