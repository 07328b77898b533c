package org.iaasengine.request;

import org.iaasengine.model.ResourceKey;

/**
 * An action's request as data: a record of typed parameters, one record type per action, that
 * names hosts and VMs by their model names and carries no live object (no driver, client or
 * model). From a request alone, an {@link ActionRegistry} rebuilds the action's plan: a journal
 * after a crash, a host agent that received it over the wire. {@link RequestCodec} writes it as
 * JSON and reads it back.
 *
 * <p>Implementations are records; their components are the request's JSON fields. The two methods
 * here are derived from the components and are not written to JSON.
 *
 * <pre>{@code
 * public record StartRequest(String host, String vm) implements ActionRequest {
 *     public String action() { return "start"; }
 *     public ResourceKey resource() { return ResourceKey.vm(vm); }
 * }
 * }</pre>
 */
public interface ActionRequest {
    /** The name of the action this request asks for, as its registry knows it (for example {@code create}). */
    String action();

    /** The resource the action works on: its lane in the engine ({@code vm:web1}, {@code host:host-a}). */
    ResourceKey resource();

    /**
     * The host the request acts on, by model name: a request record with a {@code host} component
     * answers with it (the record's accessor implements this method); null when the request names
     * no host. A host agent refuses a request for another host than its own.
     */
    default String host() {
        return null;
    }
}
