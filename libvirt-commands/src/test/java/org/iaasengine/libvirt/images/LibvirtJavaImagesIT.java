package org.iaasengine.libvirt.images;

import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;

/** Backup images and the metadata drive on the real daemon through the libvirt-java driver. */
class LibvirtJavaImagesIT extends AbstractImagesIT {
    @Override
    protected LibvirtDriver open(String uri) {
        return LibvirtJavaDriver.open(uri);
    }

    @Override
    protected String prefix() {
        return "jna";
    }
}
