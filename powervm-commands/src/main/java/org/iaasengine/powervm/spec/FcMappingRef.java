package org.iaasengine.powervm.spec;

import java.util.List;

/**
 * An NPIV mapping: an LPAR's virtual Fibre Channel adapter on a physical port of a VIOS, with the
 * two WWPNs the storage side zones.
 *
 * <pre>{@code
 * List<String> wwpns = results.get(NPIV).wwpns();
 * }</pre>
 *
 * @param viosUuid the VIOS
 * @param lparUuid the client LPAR
 * @param port     the physical port ({@code fcs0})
 * @param wwpns    the client adapter's WWPNs
 */
public record FcMappingRef(String viosUuid, String lparUuid, String port, List<String> wwpns) {
    public FcMappingRef {
        wwpns = List.copyOf(wwpns);
    }
}
