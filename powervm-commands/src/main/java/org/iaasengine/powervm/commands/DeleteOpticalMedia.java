package org.iaasengine.powervm.commands;

import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.Validate;

/**
 * Removes the optical medium {@code name} (a VM's configuration drive, {@code cfg_<vm>}) from the
 * VIOS's media repository, once nothing maps it: true when it was there. A VIOS without a
 * repository has no such medium (false). Nothing to revert: the ISO's bytes are not kept.
 *
 * <pre>{@code
 * .step(MEDIA_DELETED, new DeleteOpticalMedia(client, viosUuid, ConfigDrive.mediaName("web1")))
 * }</pre>
 */
public final class DeleteOpticalMedia implements Command<Boolean> {
    private final PowerVmClient client;
    private final String viosUuid;
    private final String mediaName;

    public DeleteOpticalMedia(PowerVmClient client, String viosUuid, String mediaName) {
        this.client = Objects.requireNonNull(client, "client");
        this.viosUuid = Validate.uuid(viosUuid, "VIOS UUID");
        this.mediaName = Objects.requireNonNull(mediaName, "mediaName");
    }

    @Override
    public Boolean execute(CommandContext ctx) {
        String vg;
        try {
            vg = MediaRepository.groupOf(client, viosUuid);
        } catch (org.iaasengine.core.CommandException e) {
            if (e.category() == org.iaasengine.core.FailureCategory.INVALID_INPUT) {
                return false; // no repository: no medium
            }
            throw e;
        }
        return MediaRepository.remove(client, viosUuid, vg, mediaName);
    }

    @Override
    public String name() {
        return "DeleteOpticalMedia(" + mediaName + ")";
    }
}
