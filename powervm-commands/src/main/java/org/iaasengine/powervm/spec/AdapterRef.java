package org.iaasengine.powervm.spec;

/**
 * A client network adapter that a command created.
 *
 * <pre>{@code
 * String mac = results.get(CNA).mac();
 * }</pre>
 *
 * @param lparUuid    the LPAR it belongs to
 * @param adapterUuid its UUID
 * @param mac         its MAC address (12 hex digits)
 * @param vlan        its port VLAN id
 */
public record AdapterRef(String lparUuid, String adapterUuid, String mac, int vlan) {
}
