package org.iaasengine.powervm.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.FcMappingRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.ScsiMappingRef;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.spec.ViosMappings;

/**
 * Removes every vSCSI and NPIV mapping of an LPAR on each VIOS of its managed system but one (the
 * VIOS the disk driver's own step unmaps): the redundant paths of volumes connected on several
 * VIOSes. Each VIOS's removal is {@link RemoveVscsiMapping} and {@link RemoveVfcMapping}, whose
 * handling of lost answers it keeps; revert maps back what was removed, VIOS by VIOS, through the
 * same command objects (they kept the storage elements as read). An empty LPAR input (the LPAR is
 * gone) removes nothing.
 *
 * <pre>{@code
 * builder.step(UNMAPPED_OTHERS, new UnmapOnOtherVioses(client, systemUuid, disks.viosUuid(), lpar));
 * }</pre>
 */
public final class UnmapOnOtherVioses implements Command<ViosMappings> {
    private final PowerVmClient client;
    private final String systemUuid;
    private final String exceptVios;
    private final Input<String> lparUuid;
    private final Map<String, RemoveVscsiMapping> scsi = new ConcurrentHashMap<>();
    private final Map<String, RemoveVfcMapping> fc = new ConcurrentHashMap<>();

    public UnmapOnOtherVioses(PowerVmClient client, String systemUuid, String exceptVios, Input<String> lparUuid) {
        this.client = Objects.requireNonNull(client, "client");
        this.systemUuid = Validate.uuid(systemUuid, "managed system UUID");
        this.exceptVios = Validate.uuid(exceptVios, "VIOS UUID");
        this.lparUuid = Objects.requireNonNull(lparUuid, "lparUuid");
    }

    @Override
    public ViosMappings execute(CommandContext ctx) {
        if (lparUuid.resolve(ctx) == null) {
            return new ViosMappings(List.of(), List.of());
        }
        List<ScsiMappingRef> removedScsi = new ArrayList<>();
        List<FcMappingRef> removedFc = new ArrayList<>();
        for (LparInfo vios : new ListVioses(client, systemUuid).execute(ctx)) {
            if (vios.uuid().equals(exceptVios)) {
                continue;
            }
            removedScsi.addAll(scsi.computeIfAbsent(vios.uuid(),
                    v -> new RemoveVscsiMapping(client, v, lparUuid, null)).execute(ctx));
            removedFc.addAll(fc.computeIfAbsent(vios.uuid(),
                    v -> new RemoveVfcMapping(client, v, lparUuid, null)).execute(ctx));
        }
        return new ViosMappings(removedScsi, removedFc);
    }

    @Override
    public void revert(CommandContext ctx, ViosMappings removed) {
        for (Map.Entry<String, RemoveVfcMapping> e : fc.entrySet()) {
            List<FcMappingRef> of = removed.fc().stream().filter(m -> m.viosUuid().equals(e.getKey())).toList();
            if (!of.isEmpty()) {
                e.getValue().revert(ctx, of);
            }
        }
        for (Map.Entry<String, RemoveVscsiMapping> e : scsi.entrySet()) {
            List<ScsiMappingRef> of = removed.scsi().stream().filter(m -> m.viosUuid().equals(e.getKey())).toList();
            if (!of.isEmpty()) {
                e.getValue().revert(ctx, of);
            }
        }
    }

    @Override
    public boolean needsRevert(ViosMappings removed) {
        return !removed.isEmpty();
    }

    @Override
    public String name() {
        return "UnmapOnOtherVioses";
    }
}
