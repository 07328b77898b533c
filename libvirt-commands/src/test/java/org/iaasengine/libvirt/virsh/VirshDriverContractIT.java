package org.iaasengine.libvirt.virsh;

import org.iaasengine.libvirt.driver.AbstractLibvirtDriverContract;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/** The driver contract, run with {@link VirshDriver} against the real libvirtd. */
class VirshDriverContractIT extends AbstractLibvirtDriverContract {

    @Override
    protected LibvirtDriver open(String uri) {
        return VirshDriver.open(uri);
    }

    @Override
    protected String prefix() {
        return "virsh";
    }
}
