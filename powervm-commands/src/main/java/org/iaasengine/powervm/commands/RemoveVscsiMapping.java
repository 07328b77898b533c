package org.iaasengine.powervm.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.ScsiMappingRef;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.ScsiStorage;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;
import org.iaasengine.powervm.xml.uom.VirtualScsiMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the vSCSI mappings of an LPAR on a VIOS: all of them, or only those of one disk. Returns
 * what it removed (empty when nothing was mapped, or the LPAR input is empty). Every kind of
 * storage is unmapped, also a virtual optical medium or storage the model does not know (another
 * tool's mapping of the same VM); a mapping without storage is left alone. A retry after a write
 * whose answer was lost counts the mappings that write removed. Revert maps the
 * removed storage again, as it was read (unknown elements included); a mapping whose storage the
 * library cannot make and did not keep is reported in the log, not failed.
 *
 * <pre>{@code
 * List<ScsiMappingRef> removed = new RemoveVscsiMapping(client, viosUuid, Input.of(lparUuid), null).execute(ctx);
 * }</pre>
 */
public final class RemoveVscsiMapping implements Command<List<ScsiMappingRef>> {
    private static final Logger LOG = LoggerFactory.getLogger(RemoveVscsiMapping.class);
    private final PowerVmClient client;
    private final String viosUuid;
    private final Input<String> lparUuid;
    private final DiskRef only;
    /** The storage elements removed by the last execution, as read, for the revert. */
    private volatile Map<ScsiMappingRef, ScsiStorage> removedStorage = Map.of();
    /** What an execution sent a write to remove (its answer may have been lost), for the next one. */
    private volatile Map<ScsiMappingRef, ScsiStorage> tried = Map.of();

    /** {@code only} null removes every mapping of the LPAR on this VIOS. */
    public RemoveVscsiMapping(PowerVmClient client, String viosUuid, Input<String> lparUuid, DiskRef only) {
        this.client = Objects.requireNonNull(client, "client");
        this.viosUuid = Validate.uuid(viosUuid, "VIOS UUID");
        this.lparUuid = Objects.requireNonNull(lparUuid, "lparUuid");
        this.only = only;
    }

    @Override
    public List<ScsiMappingRef> execute(CommandContext ctx) {
        String lpar = lparUuid.resolve(ctx);
        if (lpar == null) {
            return List.of();
        }
        Map<ScsiMappingRef, ScsiStorage> removed = removeMatching(client, viosUuid, lpar, only, tried,
                attempt -> tried = attempt);
        removedStorage = removed;
        return List.copyOf(removed.keySet());
    }

    static List<ScsiMappingRef> remove(PowerVmClient client, String viosUuid, String lpar, DiskRef disk) {
        return List.copyOf(removeMatching(client, viosUuid, lpar, Objects.requireNonNull(disk, "disk"), Map.of(),
                attempt -> { }).keySet());
    }

    /**
     * Removes the matching mappings; {@code earlier} is what an earlier execution sent a write to
     * remove: those no longer mapped were removed by that write (whose answer was lost) and count
     * as removed now. {@code trying} is told what a write is about to remove, before it is sent.
     */
    private static Map<ScsiMappingRef, ScsiStorage> removeMatching(PowerVmClient client, String viosUuid,
            String lpar, DiskRef only, Map<ScsiMappingRef, ScsiStorage> earlier,
            java.util.function.Consumer<Map<ScsiMappingRef, ScsiStorage>> trying) {
        Map<ScsiMappingRef, ScsiStorage> removed = new LinkedHashMap<>();
        VirtualIOServer after = client.modify(Paths.vios(viosUuid), VirtualIOServer.class, vios -> {
            removed.clear();
            List<VirtualScsiMapping> keep = new ArrayList<>();
            for (VirtualScsiMapping m : vios.scsiMappings.mappings) {
                boolean match = lpar.equals(m.lparUuid()) && m.storage != null
                        && (only == null || only.isServedBy(m.storage));
                if (match) {
                    removed.put(new ScsiMappingRef(viosUuid, lpar, DiskRef.ofMapped(m.storage, viosUuid)), m.storage);
                } else {
                    keep.add(m);
                }
            }
            vios.scsiMappings.mappings = keep;
            if (!removed.isEmpty()) {
                Map<ScsiMappingRef, ScsiStorage> attempt = new LinkedHashMap<>(earlier);
                attempt.putAll(removed);
                trying.accept(attempt);
            }
            return !removed.isEmpty();
        }).value();
        earlier.forEach((ref, storage) -> {
            boolean stillMapped = after.scsiMappings.mappings.stream().anyMatch(m -> lpar.equals(m.lparUuid())
                    && m.storage != null && AddVscsiMapping.serves(m.storage, ref.disk(), storage));
            if (!removed.containsKey(ref) && !stillMapped) {
                LOG.warn("the answer to the removal of the mapping of {} {} from LPAR {} was lost, but it was removed",
                        ref.disk().kind(), ref.disk().name(), lpar);
                removed.put(ref, storage);
            }
        });
        if (!removed.isEmpty()) {
            LOG.info("removed {} vSCSI mapping(s) of LPAR {} on VIOS {}", removed.size(), lpar, viosUuid);
        }
        return removed;
    }

    @Override
    public void revert(CommandContext ctx, List<ScsiMappingRef> removed) {
        Map<ScsiMappingRef, ScsiStorage> kept = removedStorage;
        for (ScsiMappingRef m : removed) {
            ScsiStorage storage = kept.get(m);
            if (storage != null) {
                AddVscsiMapping.map(client, m.viosUuid(), m.lparUuid(), m.disk(), storage);
            } else if (m.disk().kind() == DiskRef.Kind.OTHER) {
                LOG.warn("cannot map {} storage to LPAR {} on VIOS {} again: the library does not make it",
                        m.disk().name(), m.lparUuid(), m.viosUuid());
            } else {
                new AddVscsiMapping(client, m.viosUuid(), Input.of(m.lparUuid()), Input.of(m.disk())).execute(ctx);
            }
        }
    }

    /** Nothing to map again when nothing was removed. */
    @Override
    public boolean needsRevert(List<ScsiMappingRef> removed) {
        return !removed.isEmpty();
    }
}
