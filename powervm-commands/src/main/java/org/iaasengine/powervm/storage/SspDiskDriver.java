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
import org.iaasengine.powervm.commands.CreateLogicalUnit;
import org.iaasengine.powervm.commands.DeleteDisk;
import org.iaasengine.powervm.commands.UploadImage;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.ScsiMappingRef;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.LogicalUnit;
import org.iaasengine.powervm.xml.uom.SharedStoragePool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nova-powervm's Shared Storage Pool driver: boot disks are thin logical units ({@code boot_<vm>})
 * cloned from an image unit ({@code image_<image>}, type VirtualIO_Image, shared by every spawn of
 * that image). Every host of the SSP cluster sees the units, so LPARs on them can migrate live.
 * As with {@link LocalDiskDriver}, uploading the image's bits is outside this module.
 *
 * <pre>{@code
 * DiskDriver disks = new SspDiskDriver(client, sspUuid, viosUuid);
 * }</pre>
 */
public final class SspDiskDriver implements DiskDriver {
    private static final Logger LOG = LoggerFactory.getLogger(SspDiskDriver.class);
    private final PowerVmClient client;
    private final String sspUuid;
    private final String viosUuid;

    public SspDiskDriver(PowerVmClient client, String sspUuid, String viosUuid) {
        this.client = Objects.requireNonNull(client, "client");
        this.sspUuid = Validate.uuid(sspUuid, "shared storage pool UUID");
        this.viosUuid = Validate.uuid(viosUuid, "VIOS UUID");
    }

    @Override
    public String name() {
        return "ssp";
    }

    @Override
    public String viosUuid() {
        return viosUuid;
    }

    @Override
    public boolean supportsLiveMigration() {
        return true;
    }

    /** The image unit name of an image. */
    public static String imageUnitName(ImageRef image) {
        return "image_" + image.name();
    }

    @Override
    public String diskName(String vmName) {
        return "boot_" + Validate.lparName(vmName);
    }

    @Override
    public Command<DiskRef> cacheImage(ImageRef image) {
        String unit = imageUnitName(image);
        if (image.uploads()) {
            return new UploadImage(client, viosUuid, image, unit, () -> cached(unit),
                    new CreateLogicalUnit(client, sspUuid, unit, image.sizeGb(), LogicalUnit.IMAGE, Input.of(null)));
        }
        return new Command<>() {
            @Override
            public DiskRef execute(CommandContext ctx) {
                SharedStoragePool pool = client.modify(Paths.ssp(sspUuid), SharedStoragePool.class, p -> {
                    if (p.logicalUnits.units.stream().anyMatch(u -> unit.equals(u.unitName))) {
                        return false;
                    }
                    p.logicalUnits.units.add(LogicalUnit.of(unit, image.sizeGb(), LogicalUnit.IMAGE, null));
                    LOG.info("caching image {} as unit {} in pool {}", image.name(), unit, p.storagePoolName);
                    return true;
                }).value();
                LogicalUnit lu = pool.logicalUnits.units.stream().filter(u -> unit.equals(u.unitName)).findFirst()
                        .orElseThrow(() -> new CommandException(FailureCategory.INTERNAL,
                                "image unit " + unit + " missing after write"));
                return new DiskRef(DiskRef.Kind.LOGICAL_UNIT, sspUuid, null, unit, lu.uniqueDeviceId,
                        lu.unitCapacity == null ? image.sizeGb() : lu.unitCapacity);
            }

            @Override
            public String name() {
                return "CacheImage(" + unit + ")";
            }
        };
    }

    /** The image unit {@code unit} if the pool holds it, else null. */
    private DiskRef cached(String unit) {
        SharedStoragePool pool = client.get(Paths.ssp(sspUuid), SharedStoragePool.class).value();
        return pool.logicalUnits.units.stream().filter(u -> unit.equals(u.unitName)).findFirst()
                .map(u -> new DiskRef(DiskRef.Kind.LOGICAL_UNIT, sspUuid, null, unit, u.uniqueDeviceId,
                        u.unitCapacity == null ? 0 : u.unitCapacity))
                .orElse(null);
    }

    /** The rescue unit of a VM: {@code rescue_<vm>}. */
    @Override
    public DiskRef rescueDisk(String vmName) {
        return new DiskRef(DiskRef.Kind.LOGICAL_UNIT, sspUuid, null, "rescue_" + Validate.lparName(vmName), null, 0);
    }

    @Override
    public Command<DiskRef> createRescueDisk(String vmName, int sizeGb, Key<DiskRef> image) {
        return new CreateLogicalUnit(client, sspUuid, rescueDisk(vmName).name(), sizeGb, LogicalUnit.DISK,
                Input.from(image, DiskRef::udid));
    }

    @Override
    public Command<DiskRef> createDiskFromImage(String vmName, int sizeGb, Key<DiskRef> image) {
        return new CreateLogicalUnit(client, sspUuid, diskName(vmName), sizeGb, LogicalUnit.DISK,
                Input.from(image, DiskRef::udid));
    }

    @Override
    public Command<List<String>> deleteDisks(Input<List<ScsiMappingRef>> unmapped) {
        return new DeleteDisk(client, InputOfDisks.select(unmapped, DiskRef.Kind.LOGICAL_UNIT, sspUuid, null));
    }

    @Override
    public Command<List<String>> cleanImageCache() {
        return new Command<>() {
            @Override
            public List<String> execute(CommandContext ctx) {
                List<String> removed = new ArrayList<>();
                client.modify(Paths.ssp(sspUuid), SharedStoragePool.class, p -> {
                    removed.clear();
                    Set<String> used = new HashSet<>();
                    p.logicalUnits.units.forEach(u -> {
                        if (u.clonedFrom != null) {
                            used.add(u.clonedFrom);
                        }
                    });
                    p.logicalUnits.units.removeIf(u -> {
                        boolean unused = LogicalUnit.IMAGE.equals(u.logicalUnitType)
                                && !used.contains(u.uniqueDeviceId) && !Boolean.TRUE.equals(u.inUse);
                        if (unused) {
                            removed.add(u.unitName);
                        }
                        return unused;
                    });
                    return !removed.isEmpty();
                });
                LOG.info("image cache cleanup on pool {} removed {}", sspUuid, removed);
                return List.copyOf(removed);
            }

            @Override
            public String name() {
                return "CleanImageCache(ssp)";
            }
        };
    }
}
