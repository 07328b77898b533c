/**
 * Action requests as data: {@link org.iaasengine.request.ActionRequest} (one record type per
 * action, naming hosts and VMs by their model names), the {@link org.iaasengine.request.ActionRegistry}
 * from action name to {@link org.iaasengine.request.PlanFactory} that each hypervisor module
 * provides, and the schema-versioned JSON {@link org.iaasengine.request.RequestCodec}. Together they
 * let a plan be rebuilt from its request alone: by a journal after a crash, by a host agent that
 * received the request over the wire.
 *
 * <pre>{@code
 * String json = registry.codec().toJson(request);      // {"schema":1,"action":"start","request":{...}}
 * Action<?> plan = registry.plan(context, json);        // the same plan the builder method makes
 * }</pre>
 */
package org.iaasengine.request;
