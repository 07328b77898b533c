package org.iaasengine.libvirt.actions;

import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;

/** The power variants and the instance monitor through the libvirt-java driver. */
class LibvirtJavaPowerIT extends AbstractPowerIT {
    @Override
    protected LibvirtDriver open(String uri) {
        return LibvirtJavaDriver.open(uri);
    }

    @Override
    protected String prefix() {
        return "jna";
    }
}
