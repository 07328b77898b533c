package org.iaasengine.powervm.spec;

import org.iaasengine.core.CommandException;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.snapshot} action: copy VM {@code name}'s boot disk to the image
 * {@code image}, a local file {@code <directory>/<image>.raw}.
 *
 * <pre>{@code
 * ImageRef snap = engine.run(SnapshotAction.plan(host, disks, new SnapshotRequest("sim-a", "web1", "web1-snap", "/srv/images")));
 * }</pre>
 *
 * @param host      the host's model name
 * @param name      the VM
 * @param image     the image's name (as {@link ImageRef} names)
 * @param directory the absolute directory the image file is written to
 */
public record SnapshotRequest(String host, String name, String image, String directory) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.snapshot";

    public SnapshotRequest {
        Validate.hostName(host);
        Validate.lparName(name);
        new ImageRef(image, 1);
        if (directory == null || !directory.startsWith("/") || directory.contains("\0")) {
            throw CommandException.invalid("snapshot directory must be an absolute path, was '" + directory + "'");
        }
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(name);
    }
}
