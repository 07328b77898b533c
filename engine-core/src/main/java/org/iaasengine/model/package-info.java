/**
 * The resource model: hosts and VMs as immutable records, a thread-safe {@link
 * org.iaasengine.model.ResourceModel} with consistent snapshots, ownership by actions, and change
 * listeners.
 */
package org.iaasengine.model;
