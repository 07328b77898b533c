package org.iaasengine.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.iaasengine.agent.placement.Demand;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.request.ActionRequest;
import org.iaasengine.request.RequestCodec;

/**
 * A create whose host the orchestrator chooses ({@link Orchestrator#submit(PlacedCreate)}): the
 * request with its {@code host} left out (null), what the VM needs and where it may go
 * ({@link Demand}), and whether it is HA (recreated on another host when its host goes offline).
 *
 * <pre>{@code
 * CreateRequest create = CreateRequest.builder("web1").template("base.qcow2").memoryMiB(512).vcpus(1).build();
 * JobHandle h = orchestrator.submit(PlacedCreate.of(create, Demand.builder("web1", 512, 1).build()).ha(true));
 * }</pre>
 *
 * @param request the create request: a record with a {@code host} component, null
 * @param demand  what the VM needs; its VM is the request's resource ({@code vm:<name>})
 * @param ha      recreate it elsewhere when its host goes offline
 * @param jobId   the job id (an idempotency key), or null for a new one
 */
public record PlacedCreate(ActionRequest request, Demand demand, boolean ha, String jobId) {
    public PlacedCreate {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(demand, "demand");
        InvalidInputException.check(request.host() == null,
                "a placed create names no host (the placement chooses it); the request names '%s'", request.host());
        InvalidInputException.check(org.iaasengine.model.ResourceKey.vm(demand.vm()).equals(request.resource()),
                "the demand is for VM '%s' but the request acts on %s", demand.vm(), request.resource());
        JsonNode body = Jobs.tree(RequestCodec.writer().toJson(request)).get("request");
        InvalidInputException.check(body != null && body.has("host"),
                "a placed request must have a 'host' field to bind the chosen host to; '%s' has none", request.action());
        InvalidInputException.check(jobId == null || (!jobId.isBlank() && jobId.length() <= 200),
                "job id must be 1 to 200 characters, was '%s'", jobId);
    }

    /** A non-HA placed create under a new job id. */
    public static PlacedCreate of(ActionRequest request, Demand demand) {
        return new PlacedCreate(request, demand, false, null);
    }

    /** This create, HA or not. */
    public PlacedCreate ha(boolean on) {
        return new PlacedCreate(request, demand, on, jobId);
    }

    /** This create under job id {@code id}. */
    public PlacedCreate jobId(String id) {
        return new PlacedCreate(request, demand, ha, id);
    }

    /** The request's JSON envelope with its host left out. */
    String unboundJson() {
        return RequestCodec.writer().toJson(request);
    }

    /** {@code envelope} (a placed request's JSON) with its host set to {@code node}. */
    static String bind(String envelope, String node) {
        JsonNode tree = Jobs.tree(envelope);
        JsonNode body = tree.get("request");
        if (!(body instanceof ObjectNode o) || !o.has("host")) {
            throw new InvalidInputException("a placed request has no 'host' field to bind node '" + node + "' to");
        }
        o.put("host", node);
        return Jobs.text(tree);
    }
}
