package org.iaasengine.libvirt.actions;

import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;

/** The libvirt actions on the real daemon through the libvirt-java driver. */
class LibvirtJavaActionsIT extends AbstractLibvirtActionsIT {
    @Override
    protected LibvirtDriver open(String uri) {
        return LibvirtJavaDriver.open(uri);
    }

    @Override
    protected String prefix() {
        return "jna";
    }
}
