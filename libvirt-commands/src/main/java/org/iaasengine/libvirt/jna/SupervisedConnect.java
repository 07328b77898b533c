package org.iaasengine.libvirt.jna;

import com.sun.jna.Pointer;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * A libvirt-java {@link Connect} that also hands out its raw {@code virConnectPtr}, for the calls
 * bound through {@link VirtNative}. Owned by one {@link ConnectionSupervisor}.
 *
 * <pre>{@code
 * SupervisedConnect c = new SupervisedConnect("qemu:///system");
 * VirtNative.LIB.virConnectGetAllDomainStats(c.pointer(), ...);
 * }</pre>
 */
final class SupervisedConnect extends Connect {

    SupervisedConnect(String uri) throws LibvirtException {
        super(uri, false);
    }

    /** The {@code virConnectPtr}; {@link Pointer#NULL} (null) once closed. */
    Pointer pointer() {
        return vcp == null ? null : vcp.getPointer();
    }
}
