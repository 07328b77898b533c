package org.iaasengine.libvirt.images;

import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.virsh.VirshDriver;

/** Backup images and the metadata drive on the real daemon through the virsh driver. */
class VirshImagesIT extends AbstractImagesIT {
    @Override
    protected LibvirtDriver open(String uri) {
        return VirshDriver.builder(uri).build();
    }

    @Override
    protected String prefix() {
        return "virsh";
    }
}
