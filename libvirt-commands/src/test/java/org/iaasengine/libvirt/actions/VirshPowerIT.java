package org.iaasengine.libvirt.actions;

import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.virsh.VirshDriver;

/** The power variants and the instance monitor through the virsh driver. */
class VirshPowerIT extends AbstractPowerIT {
    @Override
    protected LibvirtDriver open(String uri) {
        return VirshDriver.builder(uri).build();
    }

    @Override
    protected String prefix() {
        return "virsh";
    }
}
