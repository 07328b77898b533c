package org.iaasengine.libvirt.devices;

import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;

/** The volume and NIC actions over the libvirt-java driver on the real libvirtd. */
class LibvirtJavaDeviceActionsIT extends AbstractDeviceActionsIT {
    @Override
    protected LibvirtDriver open(String uri) {
        return LibvirtJavaDriver.open(uri);
    }

    @Override
    protected String prefix() {
        return "lj";
    }
}
