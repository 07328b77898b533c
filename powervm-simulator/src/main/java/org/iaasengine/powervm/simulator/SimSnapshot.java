package org.iaasengine.powervm.simulator;

import java.util.List;
import java.util.Map;

/**
 * What the simulator holds at one moment, in plain values, for tests to check that an action left
 * nothing behind (or made what it should).
 *
 * <pre>{@code
 * SimSnapshot s = sim.snapshot();
 * assertThat(s.lpars()).isEmpty();
 * assertThat(s.scsiMappings()).isEmpty();
 * }</pre>
 *
 * @param lpars        client LPAR name → state ("running", "not activated"...)
 * @param lparSystems  client LPAR name → the name of the managed system it is on
 * @param adapters     client network adapters, as {@code lpar/vlan}
 * @param virtualDisks virtual disks of every volume group (cached images included)
 * @param logicalUnits logical units of the shared storage pool (cached images included)
 * @param scsiMappings vSCSI mappings, as {@code vios:lpar->storage}
 * @param fcMappings   NPIV mappings, as {@code vios:lpar->port}
 * @param runningJobs  jobs not finished
 */
public record SimSnapshot(Map<String, String> lpars, Map<String, String> lparSystems, List<String> adapters,
        List<String> virtualDisks, List<String> logicalUnits, List<String> scsiMappings, List<String> fcMappings,
        List<String> runningJobs) {

    /** True when no client LPAR, adapter, mapping or non-image disk exists. */
    public boolean holdsNoVmResources() {
        return lpars.isEmpty() && adapters.isEmpty() && scsiMappings.isEmpty() && fcMappings.isEmpty()
                && virtualDisks.stream().allMatch(d -> d.startsWith("i_"))
                && logicalUnits.stream().allMatch(d -> d.startsWith("image_"));
    }
}
