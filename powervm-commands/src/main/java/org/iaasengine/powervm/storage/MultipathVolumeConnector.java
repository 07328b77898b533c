package org.iaasengine.powervm.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.commands.AddVfcMapping;
import org.iaasengine.powervm.commands.AddVscsiMapping;
import org.iaasengine.powervm.commands.FindPhysicalVolume;
import org.iaasengine.powervm.commands.ListVioses;
import org.iaasengine.powervm.commands.RemoveVfcMapping;
import org.iaasengine.powervm.commands.RemoveVscsiMapping;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.FcMappingRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.ScsiMappingRef;
import org.iaasengine.powervm.spec.SpawnVolume;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.spec.VolumeRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a Fibre Channel volume on every VIOS of a managed system that can serve it (redundant
 * paths), as nova-powervm's vSCSI and NPIV volume adapters run their connect on each VIOS of the
 * host's feed:
 * <ul>
 *   <li>vSCSI: each VIOS that sees the LUN (its unique device id among the VIOS's physical
 *   volumes) maps it to the LPAR; none seeing it is NOT_FOUND naming the volume
 *   (nova-powervm's {@code vscsi_vios_connections_required} of 1);</li>
 *   <li>NPIV: each VIOS gets a virtual FC mapping of the LPAR on the port (every VIOS of the
 *   system is taken to have it: the VIOS's physical FC ports are not read, so a VIOS without the
 *   port fails the connect).</li>
 * </ul>
 * The result lists one attachment per VIOS, in the order of the VIOS feed. Revert removes the
 * mapping on each of them. A failure on one VIOS (VIOS 2 busy) leaves the others' mappings, so
 * the failed connect's undo ({@link Command#revertFailed}) removes the LPAR's mapping of this
 * volume on every VIOS the connect wrote to or tried to (a removal finding none is fine). The
 * mappings themselves are idempotent (an existing one is kept), so a retry after a lost answer
 * makes no second mapping.
 *
 * <pre>{@code
 * MultipathVolumeConnector c = new MultipathVolumeConnector(client, systemUuid, new SpawnVolume(Connector.VSCSI, udid));
 * builder.step(VOLUME, c.connect(Input.from(LPAR, LparRef::uuid)));
 * }</pre>
 */
public final class MultipathVolumeConnector {
    private static final Logger LOG = LoggerFactory.getLogger(MultipathVolumeConnector.class);
    private final PowerVmClient client;
    private final String systemUuid;
    private final SpawnVolume volume;

    public MultipathVolumeConnector(PowerVmClient client, String systemUuid, SpawnVolume volume) {
        this.client = Objects.requireNonNull(client, "client");
        this.systemUuid = Validate.uuid(systemUuid, "managed system UUID");
        this.volume = Objects.requireNonNull(volume, "volume");
    }

    private boolean vscsi() {
        return volume.connector() == VolumeRequest.Connector.VSCSI;
    }

    /** Connects the volume to the LPAR on every VIOS that can serve it. */
    public Command<List<VolumeAttachment>> connect(Input<String> lparUuid) {
        return new Connect(lparUuid);
    }

    private final class Connect implements Command<List<VolumeAttachment>> {
        private final Input<String> lparUuid;
        /** The VIOSes a write was sent to (its answer may have been lost), for the undo of a failure. */
        private final Set<String> tried = ConcurrentHashMap.newKeySet();

        Connect(Input<String> lparUuid) {
            this.lparUuid = lparUuid;
        }

        @Override
        public List<VolumeAttachment> execute(CommandContext ctx) {
            String lpar = lparUuid.resolve(ctx);
            List<VolumeAttachment> made = new ArrayList<>();
            for (LparInfo vios : new ListVioses(client, systemUuid).execute(ctx)) {
                VolumeAttachment a = vscsi() ? mapVscsi(ctx, vios, lpar) : mapNpiv(ctx, vios.uuid(), lpar);
                if (a != null) {
                    made.add(a);
                }
            }
            if (made.isEmpty()) {
                throw CommandException.notFound("no VIOS of managed system " + systemUuid
                        + " sees a volume with unique device id " + volume.target());
            }
            LOG.info("connected {} volume {} to LPAR {} on {} VIOS(es)", connectorName(), volume.target(), lpar,
                    made.size());
            return List.copyOf(made);
        }

        private VolumeAttachment mapVscsi(CommandContext ctx, LparInfo vios, String lpar) {
            DiskRef pv;
            try {
                pv = new FindPhysicalVolume(client, vios.uuid(), volume.target()).execute(ctx);
            } catch (CommandException e) {
                if (e.category() != FailureCategory.NOT_FOUND) {
                    throw e;
                }
                LOG.debug("VIOS {} does not see volume {}", vios.name(), volume.target());
                return null;
            }
            tried.add(vios.uuid());
            ScsiMappingRef m = new AddVscsiMapping(client, vios.uuid(), Input.of(lpar), Input.of(pv)).execute(ctx);
            return new VolumeAttachment(connectorName(), vios.uuid(), m.lparUuid(), pv.name(), List.of());
        }

        private VolumeAttachment mapNpiv(CommandContext ctx, String vios, String lpar) {
            tried.add(vios);
            FcMappingRef m = new AddVfcMapping(client, vios, Input.of(lpar), volume.target()).execute(ctx);
            return new VolumeAttachment(connectorName(), vios, m.lparUuid(), m.port(), m.wwpns());
        }

        @Override
        public void revert(CommandContext ctx, List<VolumeAttachment> made) {
            for (int i = made.size() - 1; i >= 0; i--) {
                unmap(ctx, made.get(i).viosUuid(), made.get(i).lparUuid());
            }
        }

        @Override
        public void revertFailed(CommandContext ctx, Throwable failure) {
            String lpar = lparUuid.resolve(ctx);
            for (String vios : tried) {
                unmap(ctx, vios, lpar);
            }
        }

        @Override
        public boolean undoesFailure(Throwable failure) {
            return !tried.isEmpty();
        }

        @Override
        public String name() {
            return "ConnectVolume(" + connectorName() + " " + volume.target() + ")";
        }
    }

    /** Removes the LPAR's mapping of this volume on one VIOS (none there is fine). */
    private void unmap(CommandContext ctx, String vios, String lpar) {
        if (vscsi()) {
            new RemoveVscsiMapping(client, vios, Input.of(lpar),
                    new DiskRef(DiskRef.Kind.PHYSICAL_VOLUME, vios, vios, null, volume.target(), 0)).execute(ctx);
        } else {
            new RemoveVfcMapping(client, vios, Input.of(lpar), volume.target()).execute(ctx);
        }
    }

    private String connectorName() {
        return vscsi() ? "vscsi" : "npiv";
    }
}
