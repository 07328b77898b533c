package org.iaasengine.agent;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request the orchestrator sends to a host that comes back with a copy of a VM evacuated from
 * it: the agents' {@code cleanup} action (destroy and undefine on that host only; the model's
 * other copy, the definition and the disks are left alone). It has the fields of libvirt's
 * {@code CleanupRequest}, which the agent's registry reads it as; another hypervisor's orchestrator
 * gives its own with {@link Orchestrator.Builder#leftoverCleanup}.
 *
 * @param host the host that still has the copy
 * @param vm   the VM
 */
public record CleanupJob(String host, String vm) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "cleanup";

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(vm);
    }
}
