package org.iaasengine.libvirt.actions;

import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.virsh.VirshDriver;

/** The libvirt actions on the real daemon through the virsh driver. */
class VirshActionsIT extends AbstractLibvirtActionsIT {
    @Override
    protected LibvirtDriver open(String uri) {
        return VirshDriver.builder(uri).build();
    }

    @Override
    protected String prefix() {
        return "virsh";
    }
}
