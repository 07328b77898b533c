/**
 * The resource model: hosts and VMs as immutable records, a thread-safe {@link
 * org.iaasengine.model.ResourceModel} with consistent snapshots, ownership by actions (the
 * {@link org.iaasengine.model.ClaimVm} command both hypervisor modules use), change listeners, and
 * the typed {@link org.iaasengine.model.ResourceKey} that names an action's resource.
 */
package org.iaasengine.model;
