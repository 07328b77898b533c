package org.iaasengine.powervm.storage;

import java.util.List;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.powervm.commands.AddVfcMapping;
import org.iaasengine.powervm.commands.RemoveVfcMapping;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.FcMappingRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.Validate;

/**
 * NPIV volume connector: connecting gives the LPAR a virtual Fibre Channel adapter on a physical
 * port of the VIOS; the attachment carries the two client WWPNs the storage side zones and maps the
 * volume to. Disconnecting removes the adapter mapping.
 *
 * <pre>{@code
 * VolumeConnector c = new NpivVolumeConnector(client, viosUuid, "fcs0");
 * }</pre>
 */
public final class NpivVolumeConnector implements VolumeConnector {
    private final PowerVmClient client;
    private final String viosUuid;
    private final String port;

    public NpivVolumeConnector(PowerVmClient client, String viosUuid, String port) {
        this.client = Objects.requireNonNull(client, "client");
        this.viosUuid = Validate.uuid(viosUuid, "VIOS UUID");
        this.port = Validate.fcPort(port);
    }

    @Override
    public String name() {
        return "npiv";
    }

    @Override
    public Command<VolumeAttachment> connect(Input<String> lparUuid) {
        AddVfcMapping add = new AddVfcMapping(client, viosUuid, lparUuid, port);
        return new Command<>() {
            @Override
            public VolumeAttachment execute(CommandContext ctx) {
                FcMappingRef m = add.execute(ctx);
                return new VolumeAttachment(NpivVolumeConnector.this.name(), viosUuid, m.lparUuid(), m.port(), m.wwpns());
            }

            @Override
            public void revert(CommandContext ctx, VolumeAttachment a) {
                add.revert(ctx, new FcMappingRef(a.viosUuid(), a.lparUuid(), a.device(), a.wwpns()));
            }

            @Override
            public String name() {
                return "ConnectNpivVolume(" + port + ")";
            }
        };
    }

    @Override
    public Command<VolumeAttachment> disconnect(Input<String> lparUuid) {
        RemoveVfcMapping remove = new RemoveVfcMapping(client, viosUuid, lparUuid, port);
        return new Command<>() {
            @Override
            public VolumeAttachment execute(CommandContext ctx) {
                List<FcMappingRef> removed = remove.execute(ctx);
                return removed.isEmpty() ? null : new VolumeAttachment(NpivVolumeConnector.this.name(), viosUuid, removed.get(0).lparUuid(),
                        port, removed.get(0).wwpns());
            }

            @Override
            public void revert(CommandContext ctx, VolumeAttachment a) {
                if (a != null) {
                    remove.revert(ctx, List.of(new FcMappingRef(viosUuid, a.lparUuid(), port, a.wwpns())));
                }
            }

            @Override
            public boolean needsRevert(VolumeAttachment a) {
                return a != null; // null: there was no mapping to remove
            }

            @Override
            public String name() {
                return "DisconnectNpivVolume(" + port + ")";
            }
        };
    }
}
