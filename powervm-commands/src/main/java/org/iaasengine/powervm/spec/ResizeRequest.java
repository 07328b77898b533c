package org.iaasengine.powervm.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.resize} action: new memory and processors for the LPAR
 * {@code name}. Powered off, any values (and a new range, {@code range}) may be given; running, the
 * values must lie within the LPAR's current minimum and maximum (dynamic LPAR) and no range may be
 * given. Checked on construction.
 *
 * <pre>{@code
 * engine.run(ResizeAction.plan(host, new ResizeRequest("sim-a", "web1", 4096, 1.0, 2, null)));
 * }</pre>
 *
 * @param host      the host's model name
 * @param name      the LPAR name
 * @param memoryMb  desired memory in MB
 * @param procUnits desired processing units
 * @param vcpus     desired virtual processors
 * @param range     the new minimum and maximum (a shape whose desired values are these), or null:
 *                  then a powered-off LPAR's range is widened just enough to hold the new values,
 *                  and a running one's is kept
 */
public record ResizeRequest(String host, String name, long memoryMb, double procUnits, int vcpus, LparShape range)
        implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.resize";

    public ResizeRequest {
        Validate.hostName(host);
        Validate.lparName(name);
        Validate.memoryMb(memoryMb);
        Validate.vcpus(vcpus);
        Validate.procUnits(procUnits, vcpus);
        if (range != null) {
            org.iaasengine.core.InvalidInputException.check(range.memoryMb() == memoryMb
                    && Math.abs(range.procUnits() - procUnits) < 1e-9 && range.vcpus() == vcpus,
                    "the range of resize of LPAR %s must have the request's desired values", name);
        }
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
