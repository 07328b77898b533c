package org.iaasengine.libvirt.spec;

import org.iaasengine.libvirt.images.ImageStore;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code backup} action: copy a VM's disk into the host's image store as the
 * image {@code image} (compressed qcow2, with its size and SHA-256 beside it).
 *
 * <pre>{@code
 * engine.run(actions.backup(host, "web1", "web1-monday"));   // plans new BackupRequest("host-a", "web1", "web1-monday")
 * }</pre>
 *
 * @param host  the host's model name
 * @param vm    the VM's name
 * @param image the new image's name in the host's image store (see {@link ImageStore#checkName})
 */
public record BackupRequest(String host, String vm, String image) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "backup";

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(vm);
    }
}
