package org.iaasengine.powervm.commands;

import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparRef;
import org.iaasengine.powervm.spec.ScsiMappingRef;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.ScsiStorage;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;
import org.iaasengine.powervm.xml.uom.VirtualScsiMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a disk (virtual disk, logical unit or physical volume) to an LPAR through vSCSI on a VIOS: a
 * read-modify-write of the VIOS, re-read and retried on 412. A mapping that already exists is kept
 * as is, and so is every other mapping (of any kind of storage) and element of the VIOS. Revert
 * removes the mapping.
 *
 * <pre>{@code
 * ScsiMappingRef m = new AddVscsiMapping(client, viosUuid, Input.from(LPAR, LparRef::uuid), Input.from(DISK)).execute(ctx);
 * }</pre>
 */
public final class AddVscsiMapping implements Command<ScsiMappingRef> {
    private static final Logger LOG = LoggerFactory.getLogger(AddVscsiMapping.class);
    private final PowerVmClient client;
    private final String viosUuid;
    private final Input<String> lparUuid;
    private final Input<DiskRef> disk;

    public AddVscsiMapping(PowerVmClient client, String viosUuid, Input<String> lparUuid, Input<DiskRef> disk) {
        this.client = Objects.requireNonNull(client, "client");
        this.viosUuid = Validate.uuid(viosUuid, "VIOS UUID");
        this.lparUuid = Objects.requireNonNull(lparUuid, "lparUuid");
        this.disk = Objects.requireNonNull(disk, "disk");
    }

    @Override
    public ScsiMappingRef execute(CommandContext ctx) {
        String lpar = lparUuid.resolve(ctx);
        DiskRef d = disk.resolve(ctx);
        if (lpar == null || d == null) {
            throw CommandException.invalid("vSCSI mapping needs an LPAR and a disk, got " + lpar + " and " + d);
        }
        ScsiStorage storage = d.toStorage();
        map(client, viosUuid, lpar, d, storage);
        return new ScsiMappingRef(viosUuid, lpar, d);
    }

    /**
     * Maps {@code storage} (which serves {@code d}) to the LPAR unless a mapping of the LPAR
     * already serves it: for a kind the model does not know, one whose storage element is the same.
     */
    static void map(PowerVmClient client, String viosUuid, String lpar, DiskRef d, ScsiStorage storage) {
        String href = Paths.lparHref(client, lpar);
        client.modify(Paths.vios(viosUuid), VirtualIOServer.class, vios -> {
            boolean exists = vios.scsiMappings.mappings.stream()
                    .anyMatch(m -> lpar.equals(m.lparUuid()) && m.storage != null && serves(m.storage, d, storage));
            if (!exists) {
                vios.scsiMappings.mappings.add(VirtualScsiMapping.of(href, storage));
            }
            return !exists;
        });
        LOG.info("mapped {} {} to LPAR {} on VIOS {}", d.kind(), d.name(), lpar, viosUuid);
    }

    /** True when {@code mapped} serves {@code d} (whose storage element is {@code wanted}). */
    static boolean serves(ScsiStorage mapped, DiskRef d, ScsiStorage wanted) {
        if (d.kind() != DiskRef.Kind.OTHER) {
            return d.isServedBy(mapped);
        }
        return mapped.other.size() == wanted.other.size() && !wanted.other.isEmpty()
                && mapped.other.get(0).isEqualNode(wanted.other.get(0));
    }

    @Override
    public void revert(CommandContext ctx, ScsiMappingRef mapping) {
        RemoveVscsiMapping.remove(client, mapping.viosUuid(), mapping.lparUuid(), mapping.disk());
    }
}
