package org.iaasengine.powervm.spec;

import java.util.Objects;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.rescue} action: boot VM {@code name} from a disk made of the
 * rescue {@code image} (cached, or uploaded when it has a file), its own disk still attached.
 *
 * <pre>{@code
 * engine.run(RescueAction.plan(host, disks, new RescueRequest("sim-a", "web1", new ImageRef("rescue", 2))));
 * }</pre>
 *
 * @param host  the host's model name
 * @param name  the VM
 * @param image the rescue image
 */
public record RescueRequest(String host, String name, ImageRef image) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.rescue";

    public RescueRequest {
        Validate.hostName(host);
        Validate.lparName(name);
        Objects.requireNonNull(image, "image");
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
