package org.iaasengine.libvirt.virsh;

import org.iaasengine.libvirt.driver.AbstractReadModifyWriteContract;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/** The read-modify-write contract, run with {@link VirshDriver} against the real libvirtd. */
class VirshReadModifyWriteIT extends AbstractReadModifyWriteContract {

    @Override
    protected LibvirtDriver open(String uri) {
        return VirshDriver.open(uri);
    }

    @Override
    protected String prefix() {
        return "virsh";
    }
}
