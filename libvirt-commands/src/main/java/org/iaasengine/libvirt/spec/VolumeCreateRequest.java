package org.iaasengine.libvirt.spec;


import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Visible;
import org.iaasengine.libvirt.devices.VolumeIds;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code volume-create} action: a new volume on the host's storage, a blank
 * qcow2 of {@code sizeBytes} or a linked clone of {@code template}; the model gets it AVAILABLE.
 *
 * <pre>{@code
 * engine.run(actions.createVolume(host, new VolumeCreateRequest("host-a", "data1", 1L << 30, null)));
 * }</pre>
 *
 * @param host      the host's model name
 * @param volume    the volume's id (1-64 letters, digits, '.', '_', '-'; names its file)
 * @param sizeBytes the size of a blank volume, 1 MiB to 16 TiB; 0 with a template
 * @param template  the template image relative to the host's template directory, or null for a blank volume
 */
public record VolumeCreateRequest(String host, String volume, long sizeBytes, String template) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "volume-create";
    /** The smallest blank volume, 1 MiB. */
    public static final long MIN_SIZE = 1L << 20;
    /** The largest blank volume, 16 TiB. */
    public static final long MAX_SIZE = 16L << 40;

    public VolumeCreateRequest {
        InvalidInputException.check(host != null && !host.isEmpty(), "host of a %s request must not be empty", ACTION);
        VolumeIds.check(volume);
        InvalidInputException.check(template == null ? sizeBytes >= MIN_SIZE && sizeBytes <= MAX_SIZE : sizeBytes == 0,
                "volume %s needs a size of 1 MiB to 16 TiB, or a template and size 0: size %s, template %s",
                Visible.quoted(volume), sizeBytes, Visible.quoted(template));
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.volume(volume);
    }
}
