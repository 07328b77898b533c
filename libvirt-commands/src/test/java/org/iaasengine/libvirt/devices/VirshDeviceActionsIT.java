package org.iaasengine.libvirt.devices;

import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.virsh.VirshDriver;

/** The volume and NIC actions over the virsh driver on the real libvirtd. */
class VirshDeviceActionsIT extends AbstractDeviceActionsIT {
    @Override
    protected LibvirtDriver open(String uri) {
        return VirshDriver.open(uri);
    }

    @Override
    protected String prefix() {
        return "vs";
    }
}
