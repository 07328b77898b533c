package org.iaasengine.powervm.sync;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.iaasengine.model.Host;
import org.iaasengine.model.HostState;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.SystemInfo;

/**
 * Builds the model's {@link Host} from a managed system and its VIOSes (as attributes
 * {@code vios.<name>}).
 *
 * <pre>{@code
 * model.putHost(HostFacts.toHost(host, systemInfo, vioses));
 * }</pre>
 */
public final class HostFacts {
    private HostFacts() {
    }

    /** The model's host for {@code host}, from its managed system {@code ms} and its VIOSes (may be null). */
    public static Host toHost(PowerVmHost host, SystemInfo ms, List<LparInfo> vioses) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("systemUuid", ms.uuid());
        attrs.put("systemName", ms.name());
        attrs.put("machineType", String.valueOf(ms.machineType()));
        attrs.put("model", String.valueOf(ms.model()));
        attrs.put("serial", String.valueOf(ms.serial()));
        attrs.put("procUnits.installed", Double.toString(ms.installedProcUnits()));
        attrs.put("procUnits.available", Double.toString(ms.availableProcUnits()));
        attrs.put("lpm", Boolean.toString(ms.activeLpmCapable()));
        if (vioses != null) {
            for (LparInfo v : vioses) {
                attrs.put("vios." + v.name(), v.uuid() + " " + v.state() + " rmc=" + v.rmcState());
            }
        }
        HostState state = "operating".equals(ms.state()) ? HostState.UP : HostState.DOWN;
        return new Host(host.name(), host.client().config().baseUri() + "#" + ms.name(), state,
                "POWER " + ms.machineType() + "-" + ms.model(), (int) Math.round(ms.installedProcUnits()), 0,
                ms.installedMemoryMb() * 1024, ms.availableMemoryMb() * 1024, attrs);
    }
}
