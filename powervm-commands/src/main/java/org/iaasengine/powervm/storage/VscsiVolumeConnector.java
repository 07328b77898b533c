package org.iaasengine.powervm.storage;

import java.util.List;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.powervm.commands.AddVscsiMapping;
import org.iaasengine.powervm.commands.FindPhysicalVolume;
import org.iaasengine.powervm.commands.RemoveVscsiMapping;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.ScsiMappingRef;
import org.iaasengine.powervm.spec.Validate;

/**
 * vSCSI volume connector: the FC LUN (identified by its unique device id) must be visible to the
 * VIOS as a physical volume; connecting maps it to the LPAR through vSCSI, disconnecting removes
 * that mapping. Discovery of a freshly zoned LUN on the VIOS (nova-powervm's LUA recovery job) is
 * not done here: the LUN must already be seen.
 *
 * <pre>{@code
 * VolumeConnector c = new VscsiVolumeConnector(client, viosUuid, "01M0lCTTIxNDUx...");
 * }</pre>
 */
public final class VscsiVolumeConnector implements VolumeConnector {
    private final PowerVmClient client;
    private final String viosUuid;
    private final String udid;

    public VscsiVolumeConnector(PowerVmClient client, String viosUuid, String udid) {
        this.client = Objects.requireNonNull(client, "client");
        this.viosUuid = Validate.uuid(viosUuid, "VIOS UUID");
        this.udid = Validate.udid(udid);
    }

    @Override
    public String name() {
        return "vscsi";
    }

    @Override
    public Command<VolumeAttachment> connect(Input<String> lparUuid) {
        return new Command<>() {
            @Override
            public VolumeAttachment execute(CommandContext ctx) throws Exception {
                DiskRef pv = new FindPhysicalVolume(client, viosUuid, udid).execute(ctx);
                ScsiMappingRef m = new AddVscsiMapping(client, viosUuid, lparUuid, Input.of(pv)).execute(ctx);
                return new VolumeAttachment(VscsiVolumeConnector.this.name(), viosUuid, m.lparUuid(), pv.name(), List.of());
            }

            @Override
            public void revert(CommandContext ctx, VolumeAttachment a) {
                new RemoveVscsiMapping(client, viosUuid, Input.of(a.lparUuid()),
                        new DiskRef(DiskRef.Kind.PHYSICAL_VOLUME, viosUuid, viosUuid, a.device(), udid, 0))
                        .execute(ctx);
            }

            @Override
            public String name() {
                return "ConnectVscsiVolume";
            }
        };
    }

    @Override
    public Command<VolumeAttachment> disconnect(Input<String> lparUuid) {
        return new Command<>() {
            private final DiskRef volume = new DiskRef(DiskRef.Kind.PHYSICAL_VOLUME, viosUuid, viosUuid, null, udid, 0);

            @Override
            public VolumeAttachment execute(CommandContext ctx) {
                List<ScsiMappingRef> removed = new RemoveVscsiMapping(client, viosUuid, lparUuid, volume).execute(ctx);
                return removed.isEmpty() ? null : new VolumeAttachment(VscsiVolumeConnector.this.name(), viosUuid, removed.get(0).lparUuid(),
                        removed.get(0).disk().name(), List.of());
            }

            @Override
            public void revert(CommandContext ctx, VolumeAttachment a) {
                if (a != null) {
                    new AddVscsiMapping(client, viosUuid, Input.of(a.lparUuid()), Input.of(volume)).execute(ctx);
                }
            }

            @Override
            public boolean needsRevert(VolumeAttachment a) {
                return a != null; // null: there was no mapping to remove
            }

            @Override
            public String name() {
                return "DisconnectVscsiVolume";
            }
        };
    }
}
