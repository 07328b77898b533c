package org.iaasengine.libvirt.devices;

import org.iaasengine.libvirt.driver.DeviceScope;

/**
 * What a hot-plug step did: whether it changed the domain, and in which scope; the revert undoes
 * exactly that.
 *
 * @param changed false when the domain was already as asked (nothing to undo)
 * @param scope   where the change was made; null when nothing was changed
 */
public record Plugged(boolean changed, DeviceScope scope) {
    /** Nothing was changed. */
    public static Plugged nothing() {
        return new Plugged(false, null);
    }
}
