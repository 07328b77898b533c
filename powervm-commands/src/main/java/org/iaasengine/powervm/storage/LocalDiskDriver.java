package org.iaasengine.powervm.storage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Key;
import org.iaasengine.powervm.commands.CreateVirtualDisk;
import org.iaasengine.powervm.commands.ExtendVirtualDisk;
import org.iaasengine.powervm.commands.DeleteDisk;
import org.iaasengine.powervm.commands.UploadImage;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.ScsiMappingRef;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.VirtualDisk;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;
import org.iaasengine.powervm.xml.uom.VolumeGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova-powervm's localdisk driver: boot disks are virtual disks ({@code b_<vm>}) in a volume group
 * of one VIOS, copied from an image cached on the same volume group ({@code i_<image>}, reused by
 * every spawn of that image). Local disks tie an LPAR to its host: no live migration.
 *
 * <p>For an image with a file ({@link ImageRef#uploads()}) a missing cache entry is made and filled
 * through the REST File API ({@link UploadImage}, as nova-powervm does). For an image without one
 * the engine creates the cache entry as an empty disk of the image's size: on a real VIOS stage the
 * {@code i_<image>} disk beforehand and the driver reuses it.
 *
 * <pre>{@code
 * DiskDriver disks = new LocalDiskDriver(client, viosUuid, vgUuid);
 * }</pre>
 */
public final class LocalDiskDriver implements DiskDriver {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDiskDriver.class);
    private final PowerVmClient client;
    private final String viosUuid;
    private final String vgUuid;

    public LocalDiskDriver(PowerVmClient client, String viosUuid, String vgUuid) {
        this.client = Objects.requireNonNull(client, "client");
        this.viosUuid = Validate.uuid(viosUuid, "VIOS UUID");
        this.vgUuid = Validate.uuid(vgUuid, "volume group UUID");
    }

    @Override
    public String name() {
        return "localdisk";
    }

    @Override
    public String viosUuid() {
        return viosUuid;
    }

    @Override
    public boolean supportsLiveMigration() {
        return false;
    }

    /** The cache disk name of an image: {@code i_} and at most 13 characters of the image name. */
    public static String imageDiskName(ImageRef image) {
        String n = image.name().replace('.', '_');
        return "i_" + n.substring(0, Math.min(13, n.length()));
    }

    @Override
    public String diskName(String vmName) {
        Validate.lparName(vmName);
        return "b_" + vmName.substring(0, Math.min(13, vmName.length()));
    }

    @Override
    public Command<DiskRef> cacheImage(ImageRef image) {
        String cacheName = imageDiskName(image);
        if (image.uploads()) {
            return new UploadImage(client, viosUuid, image, cacheName, () -> cached(cacheName),
                    new CreateVirtualDisk(client, viosUuid, vgUuid, cacheName, image.sizeGb(), Input.of(null)));
        }
        return new Command<>() {
            @Override
            public DiskRef execute(CommandContext ctx) {
                VolumeGroup vg = client.modify(Paths.volumeGroup(viosUuid, vgUuid), VolumeGroup.class, g -> {
                    if (g.virtualDisks.disks.stream().anyMatch(d -> cacheName.equals(d.diskName))) {
                        return false;
                    }
                    g.virtualDisks.disks.add(VirtualDisk.of(cacheName, image.sizeGb(), null));
                    LOG.info("caching image {} as {} in volume group {}", image.name(), cacheName, g.groupName);
                    return true;
                }).value();
                VirtualDisk d = vg.virtualDisks.disks.stream().filter(x -> cacheName.equals(x.diskName)).findFirst()
                        .orElseThrow(() -> new CommandException(FailureCategory.INTERNAL,
                                "image cache disk " + cacheName + " missing after write"));
                return new DiskRef(DiskRef.Kind.VIRTUAL_DISK, vgUuid, viosUuid, cacheName, d.uniqueDeviceId,
                        d.diskCapacity == null ? image.sizeGb() : d.diskCapacity);
            }

            @Override
            public String name() {
                return "CacheImage(" + cacheName + ")";
            }
        };
    }

    /** The cache disk {@code cacheName} if the volume group holds it, else null. */
    private DiskRef cached(String cacheName) {
        VolumeGroup vg = client.get(Paths.volumeGroup(viosUuid, vgUuid), VolumeGroup.class).value();
        return vg.virtualDisks.disks.stream().filter(d -> cacheName.equals(d.diskName)).findFirst()
                .map(d -> new DiskRef(DiskRef.Kind.VIRTUAL_DISK, vgUuid, viosUuid, cacheName, d.uniqueDeviceId,
                        d.diskCapacity == null ? 0 : d.diskCapacity))
                .orElse(null);
    }

    /** The rescue disk of a VM: {@code r_} and at most 13 characters of its name. */
    @Override
    public DiskRef rescueDisk(String vmName) {
        Validate.lparName(vmName);
        return new DiskRef(DiskRef.Kind.VIRTUAL_DISK, vgUuid, viosUuid,
                "r_" + vmName.substring(0, Math.min(13, vmName.length())), null, 0);
    }

    @Override
    public Command<DiskRef> createRescueDisk(String vmName, int sizeGb, Key<DiskRef> image) {
        return new CreateVirtualDisk(client, viosUuid, vgUuid, rescueDisk(vmName).name(), sizeGb,
                Input.from(image, DiskRef::udid));
    }

    @Override
    public Command<DiskRef> extendDisk(String vmName, int sizeGb) {
        return new ExtendVirtualDisk(client, viosUuid, vgUuid, diskName(vmName), sizeGb);
    }

    @Override
    public Command<DiskRef> createDiskFromImage(String vmName, int sizeGb, Key<DiskRef> image) {
        return new CreateVirtualDisk(client, viosUuid, vgUuid, diskName(vmName), sizeGb,
                Input.from(image, DiskRef::udid));
    }

    @Override
    public Command<List<String>> deleteDisks(Input<List<ScsiMappingRef>> unmapped) {
        return new DeleteDisk(client, InputOfDisks.select(unmapped, DiskRef.Kind.VIRTUAL_DISK, vgUuid, viosUuid));
    }

    @Override
    public Command<List<String>> cleanImageCache() {
        return new Command<>() {
            @Override
            public List<String> execute(CommandContext ctx) {
                VirtualIOServer vios = client.get(Paths.vios(viosUuid), VirtualIOServer.class).value();
                Set<String> mapped = new HashSet<>();
                vios.scsiMappings.mappings.forEach(m -> {
                    if (m.storage != null && m.storage.name() != null) {
                        mapped.add(m.storage.name());
                    }
                });
                List<String> removed = new ArrayList<>();
                client.modify(Paths.volumeGroup(viosUuid, vgUuid), VolumeGroup.class, g -> {
                    removed.clear();
                    Set<String> used = new HashSet<>();
                    g.virtualDisks.disks.forEach(d -> {
                        if (d.baseImage != null) {
                            used.add(d.baseImage);
                        }
                    });
                    g.virtualDisks.disks.removeIf(d -> {
                        boolean unused = d.diskName.startsWith("i_") && !used.contains(d.uniqueDeviceId)
                                && !mapped.contains(d.diskName);
                        if (unused) {
                            removed.add(d.diskName);
                        }
                        return unused;
                    });
                    return !removed.isEmpty();
                });
                LOG.info("image cache cleanup on volume group {} removed {}", vgUuid, removed);
                return List.copyOf(removed);
            }

            @Override
            public String name() {
                return "CleanImageCache(localdisk)";
            }
        };
    }
}
