package org.iaasengine.powervm.simulator;

import java.util.List;
import java.util.Map;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.iaasengine.powervm.xml.uom.ManagedSystem;
import org.iaasengine.powervm.xml.uom.VirtualFibreChannelMapping;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;
import org.iaasengine.powervm.xml.uom.VirtualScsiMapping;

/**
 * What a finished LPAR job does, with the HMC's refusals: PowerOn (from not activated), PowerOff
 * (OS shutdown needs RMC; {@code restart=true} boots again), MigrateValidate and Migrate (to another
 * existing system, not with local virtual disks; the mappings move to the destination's VIOS) and
 * MigrateAbort.
 *
 * <pre>{@code
 * String error = effects.apply("PowerOn", lparUuid, Map.of());   // null on success
 * }</pre>
 */
final class JobEffects {
    private static final String HSCL05DF =
            "HSCL05DF The partition is not in a state under which this operation can be performed.";

    private final SimState state;
    private final EventFeed events;
    private final ManagedSystems systems;
    private final Lpars lpars;
    private final Vioses vioses;
    private final boolean rmcActiveAfterBoot;

    JobEffects(SimState state, EventFeed events, ManagedSystems systems, Lpars lpars, Vioses vioses,
            boolean rmcActiveAfterBoot) {
        this.state = state;
        this.events = events;
        this.systems = systems;
        this.lpars = lpars;
        this.vioses = vioses;
        this.rmcActiveAfterBoot = rmcActiveAfterBoot;
    }

    /** The boot mode of each LPAR's last PowerOn ({@code norm} when its job named none), by UUID. */
    private final java.util.Map<String, String> bootModes = new java.util.HashMap<>();

    /** The boot mode of the LPAR's last PowerOn, or null if it was never powered on here. */
    String bootMode(String lpar) {
        return bootModes.get(lpar);
    }

    /** Applies a finished job; returns an error message, or null on success. */
    String apply(String operation, String target, Map<String, String> params) {
        LogicalPartition l = lpars.get(target);
        if (l == null) {
            return "HSCL0005 The partition " + target + " no longer exists.";
        }
        switch (operation) {
            case "PowerOn":
                if (!SimState.NOT_ACTIVATED.equals(l.partitionState)) {
                    return HSCL05DF;
                }
                String mode = params.getOrDefault("bootmode", "norm");
                if (!java.util.Set.of("norm", "sms", "dd", "ds", "of").contains(mode)) {
                    return "HSCL0B0A bootmode " + mode + " is not one of norm, sms, dd, ds, of.";
                }
                bootModes.put(target, mode);
                l.partitionState = SimState.RUNNING;
                l.rmcState = rmcActiveAfterBoot ? "active" : "inactive";
                break;
            case "PowerOff":
                if (SimState.NOT_ACTIVATED.equals(l.partitionState)) {
                    return HSCL05DF;
                }
                if ("osshutdown".equals(params.get("operation")) && !"active".equals(l.rmcState)) {
                    return "HSCL1558 The operating system shutdown needs an active RMC connection.";
                }
                boolean restart = "true".equals(params.get("restart"));
                l.partitionState = restart ? SimState.RUNNING : SimState.NOT_ACTIVATED;
                l.rmcState = restart && rmcActiveAfterBoot ? "active" : "inactive";
                break;
            case "MigrateValidate":
            case "Migrate":
                String error = validateMigration(l, params.get("TargetManagedSystemName"));
                if (error != null || operation.equals("MigrateValidate")) {
                    return error;
                }
                migrate(l, params.get("TargetManagedSystemName"));
                break;
            case "MigrateAbort":
                break;
            default:
                return "unknown operation " + operation;
        }
        state.touch(l.uuid());
        events.emit("MODIFY_URI", lpars.eventHref(l.uuid()), operation.startsWith("Power")
                ? "PartitionState,RMCState,Other" : "Other");
        return null;
    }

    private String validateMigration(LogicalPartition l, String targetName) {
        ManagedSystem target = systems.byName(targetName).orElse(null);
        if (target == null) {
            return "HSCLA318 The destination managed system " + targetName + " does not exist.";
        }
        if (target.uuid().equals(lpars.systemOf(l.uuid()))) {
            return "HSCLA319 The partition is already on " + targetName + ".";
        }
        for (VirtualIOServer v : vioses.all()) {
            for (VirtualScsiMapping m : v.scsiMappings.mappings) {
                if (l.uuid().equals(m.lparUuid()) && m.storage != null && m.storage.virtualDisk != null) {
                    return "HSCLA2CF The partition uses the local virtual disk " + m.storage.virtualDisk.diskName
                            + ", which the destination cannot reach.";
                }
            }
        }
        return null;
    }

    private void migrate(LogicalPartition l, String targetName) {
        String target = systems.uuidOf(targetName);
        String targetVios = vioses.onSystem(target);
        VirtualIOServer destination = vioses.get(targetVios);
        for (VirtualIOServer v : vioses.all()) {
            if (v.uuid().equals(targetVios)) {
                continue;
            }
            List<VirtualScsiMapping> scsi = v.scsiMappings.mappings.stream().filter(m -> l.uuid().equals(m.lparUuid()))
                    .toList();
            List<VirtualFibreChannelMapping> fc = v.fcMappings.mappings.stream()
                    .filter(m -> l.uuid().equals(m.lparUuid())).toList();
            if (!scsi.isEmpty() || !fc.isEmpty()) {
                v.scsiMappings.mappings.removeAll(scsi);
                v.fcMappings.mappings.removeAll(fc);
                destination.scsiMappings.mappings.addAll(scsi);
                destination.fcMappings.mappings.addAll(fc);
                state.touch(v.uuid());
                state.touch(targetVios);
            }
        }
        lpars.moveTo(l.uuid(), target);
        l.migrationState = "Not_Migrating";
    }
}
