package org.iaasengine.libvirt.driver;

/**
 * One domain in a listing.
 *
 * @param name       its name
 * @param uuid       its UUID
 * @param id         its id while active, -1 when inactive
 * @param state      its state
 * @param persistent true when libvirt keeps its definition after it stops
 */
public record DomainSummary(String name, String uuid, int id, DomainState state, boolean persistent) {

    /**
     * Whether this domain may be the VM known by {@code knownUuid}: the same UUID, or either side
     * unknown. A domain that only shares the name (another VM) answers false.
     */
    public boolean mayBe(String knownUuid) {
        return knownUuid == null || uuid == null || knownUuid.equalsIgnoreCase(uuid);
    }
}
