package org.iaasengine.libvirt.libvirtjava;

import org.iaasengine.libvirt.driver.AbstractDeviceContract;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/** The device contract for the libvirt-java driver on the real libvirtd. */
class LibvirtJavaDeviceContractIT extends AbstractDeviceContract {
    @Override
    protected LibvirtDriver open(String uri) {
        return LibvirtJavaDriver.open(uri);
    }

    @Override
    protected String prefix() {
        return "lj";
    }
}
