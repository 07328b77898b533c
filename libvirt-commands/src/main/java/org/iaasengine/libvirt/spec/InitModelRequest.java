package org.iaasengine.libvirt.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code init-model} action (a full reconcile of one host into the model, run
 * by its {@code HostMonitor}), as data.
 *
 * <pre>{@code
 * Action<SyncReport> a = monitor.initModelAction();
 * a.request(); // Optional[InitModelRequest[host=host-a, uri=qemu:///system]]
 * }</pre>
 *
 * @param host the host's model name
 * @param uri  its libvirt URI
 */
public record InitModelRequest(String host, String uri) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "init-model";

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.host(host);
    }
}
