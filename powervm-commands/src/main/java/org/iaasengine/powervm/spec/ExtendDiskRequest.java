package org.iaasengine.powervm.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.extendDisk} action: grow the boot disk of the LPAR
 * {@code name} to {@code sizeGb}. Checked on construction.
 *
 * <pre>{@code
 * engine.run(ExtendDiskAction.plan(host, disks, new ExtendDiskRequest("sim-a", "web1", 40)));
 * }</pre>
 *
 * @param host   the host's model name
 * @param name   the LPAR name
 * @param sizeGb the new size in GB (not less than the disk has)
 */
public record ExtendDiskRequest(String host, String name, int sizeGb) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.extendDisk";

    public ExtendDiskRequest {
        Validate.hostName(host);
        Validate.lparName(name);
        Validate.diskGb(sizeGb);
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
