package org.iaasengine.libvirt.sync;

/**
 * The request of the {@code init-model} action as data, for logs, a journal or the wire.
 *
 * <pre>{@code
 * Action<SyncReport> a = monitor.initModelAction();
 * a.request(); // Optional[InitModelRequest[host=host-a, uri=qemu:///system]]
 * }</pre>
 *
 * @param host the host's name in the model
 * @param uri  its libvirt URI
 */
public record InitModelRequest(String host, String uri) {
}
