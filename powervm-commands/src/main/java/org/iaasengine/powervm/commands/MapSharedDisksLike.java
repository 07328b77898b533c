package org.iaasengine.powervm.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.ScsiMappingRef;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;
import org.iaasengine.powervm.xml.uom.VirtualScsiMapping;

/**
 * Maps to one LPAR, on a VIOS of another system, the shared storage pool logical units another
 * LPAR has mapped on its VIOS: a cold migration's target gets the boot disk of its source, which
 * both systems see in the pool. Other kinds of storage (virtual disks of a volume group, physical
 * volumes, media) are not carried. Each mapping is an {@link AddVscsiMapping} (idempotent, so a
 * retry makes no second one); revert and the undo of a failure remove the target's mapping of
 * each unit (none there is fine).
 *
 * <pre>{@code
 * List<ScsiMappingRef> mapped = new MapSharedDisksLike(client, viosA, source, viosB, target).execute(ctx);
 * }</pre>
 */
public final class MapSharedDisksLike implements Command<List<ScsiMappingRef>> {
    private final PowerVmClient client;
    private final String sourceVios;
    private final Input<String> sourceLpar;
    private final String targetVios;
    private final Input<String> targetLpar;
    private volatile List<DiskRef> units;

    public MapSharedDisksLike(PowerVmClient client, String sourceVios, Input<String> sourceLpar, String targetVios,
            Input<String> targetLpar) {
        this.client = Objects.requireNonNull(client, "client");
        this.sourceVios = Validate.uuid(sourceVios, "VIOS UUID");
        this.sourceLpar = Objects.requireNonNull(sourceLpar, "sourceLpar");
        this.targetVios = Validate.uuid(targetVios, "VIOS UUID");
        this.targetLpar = Objects.requireNonNull(targetLpar, "targetLpar");
    }

    @Override
    public List<ScsiMappingRef> execute(CommandContext ctx) {
        String source = sourceLpar.resolve(ctx);
        List<DiskRef> found = new ArrayList<>();
        for (VirtualScsiMapping m : client.get(Paths.vios(sourceVios), VirtualIOServer.class).value()
                .scsiMappings.mappings) {
            if (source.equals(m.lparUuid()) && m.storage != null && m.storage.logicalUnit != null) {
                found.add(DiskRef.ofMapped(m.storage, targetVios));
            }
        }
        units = List.copyOf(found);
        List<ScsiMappingRef> out = new ArrayList<>();
        for (DiskRef u : found) {
            out.add(new AddVscsiMapping(client, targetVios, targetLpar, Input.of(u)).execute(ctx));
        }
        return List.copyOf(out);
    }

    @Override
    public void revert(CommandContext ctx, List<ScsiMappingRef> mapped) {
        for (ScsiMappingRef m : mapped) {
            new RemoveVscsiMapping(client, targetVios, Input.of(m.lparUuid()), m.disk()).execute(ctx);
        }
    }

    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) {
        String target = targetLpar.resolve(ctx);
        for (DiskRef u : units) {
            new RemoveVscsiMapping(client, targetVios, Input.of(target), u).execute(ctx);
        }
    }

    @Override
    public boolean undoesFailure(Throwable failure) {
        return units != null && !units.isEmpty();
    }

    @Override
    public String name() {
        return "MapSharedDisksLike";
    }
}
