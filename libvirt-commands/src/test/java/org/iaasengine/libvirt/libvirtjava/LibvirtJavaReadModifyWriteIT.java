package org.iaasengine.libvirt.libvirtjava;

import org.iaasengine.libvirt.driver.AbstractReadModifyWriteContract;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/** The read-modify-write contract, held against the real libvirtd by the libvirt-java driver. */
class LibvirtJavaReadModifyWriteIT extends AbstractReadModifyWriteContract {

    @Override
    protected LibvirtDriver open(String uri) {
        return LibvirtJavaDriver.open(uri);
    }

    @Override
    protected String prefix() {
        return "jna";
    }
}
