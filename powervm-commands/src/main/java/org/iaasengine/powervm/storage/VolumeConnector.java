package org.iaasengine.powervm.storage;

import org.iaasengine.core.Command;
import org.iaasengine.powervm.spec.Input;

/**
 * How a Fibre Channel volume reaches an LPAR, as nova-powervm's two volume adapters: through
 * vSCSI ({@link VscsiVolumeConnector}: the VIOS sees the LUN and maps it) or NPIV
 * ({@link NpivVolumeConnector}: the LPAR gets a virtual FC adapter with its own WWPNs). Connect is
 * reverted by disconnecting.
 *
 * <pre>{@code
 * VolumeConnector c = new VscsiVolumeConnector(client, viosUuid, udid);
 * builder.step(ATTACHED, c.connect(Input.from(LPAR, LparInfo::uuid)));
 * }</pre>
 */
public interface VolumeConnector {
    /** "vscsi" or "npiv". */
    String name();

    /** Connects the volume to the LPAR. */
    Command<VolumeAttachment> connect(Input<String> lparUuid);

    /** Disconnects the volume from the LPAR; the result is null when it was not connected. */
    Command<VolumeAttachment> disconnect(Input<String> lparUuid);
}
