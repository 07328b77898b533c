package org.iaasengine.libvirt.libvirtjava;

import org.iaasengine.libvirt.driver.AbstractLibvirtDriverContract;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/** The driver contract, held against the real libvirtd by the libvirt-java driver. */
class LibvirtJavaDriverContractIT extends AbstractLibvirtDriverContract {

    @Override
    protected LibvirtDriver open(String uri) {
        return LibvirtJavaDriver.open(uri);
    }

    @Override
    protected String prefix() {
        return "jna";
    }
}
