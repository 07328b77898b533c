package org.iaasengine.libvirt.virsh;

import org.iaasengine.libvirt.driver.AbstractDeviceContract;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/** The device contract for the virsh driver on the real libvirtd. */
class VirshDeviceContractIT extends AbstractDeviceContract {
    @Override
    protected LibvirtDriver open(String uri) {
        return VirshDriver.open(uri);
    }

    @Override
    protected String prefix() {
        return "vs";
    }
}
