package org.iaasengine.agent.placement;

import java.util.Map;
import java.util.TreeMap;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;

/**
 * No host passes the placement policy's filters for a demand: {@link #reasons()} says, host by
 * host, the first filter that refused it. Category CONFLICT: retrying helps only once capacity is
 * freed or hosts are added.
 */
public final class NoHostFitsException extends CommandException {
    private final Demand demand;
    private final Map<String, String> reasons;

    public NoHostFitsException(Demand demand, Map<String, String> reasons) {
        super(FailureCategory.CONFLICT, message(demand, reasons));
        this.demand = demand;
        this.reasons = Map.copyOf(reasons);
    }

    private static String message(Demand d, Map<String, String> reasons) {
        StringBuilder b = new StringBuilder("no host fits VM '").append(d.vm()).append("' (").append(d.memoryMiB())
                .append(" MiB, ").append(d.vcpus()).append(" vCPU)");
        if (reasons.isEmpty()) {
            return b.append(": the cluster model has no host").toString();
        }
        b.append(':');
        new TreeMap<>(reasons).forEach((h, why) -> b.append("\n  ").append(h).append(": ").append(why));
        return b.toString();
    }

    public Demand demand() {
        return demand;
    }

    /** Host name to why it was refused. */
    public Map<String, String> reasons() {
        return reasons;
    }
}
