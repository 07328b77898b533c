package org.iaasengine.libvirt.libvirtjava;

import com.sun.jna.Pointer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.event.LifecycleListener;

/**
 * A libvirt-java {@link Connect} that also hands out its raw {@code virConnectPtr}, for the calls
 * bound through {@link VirtNative}, and remembers the lifecycle listeners registered on it so
 * that they are deregistered before it is closed: a registered callback holds a reference on the
 * libvirt connection (it would outlive the close, and libvirt-java's callback fails once its
 * {@code Connect} is closed). Owned by one {@link ConnectionSupervisor}.
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

    private final List<LifecycleListener> lifecycleListeners = new CopyOnWriteArrayList<>();

    @Override
    public void addLifecycleListener(LifecycleListener listener) throws LibvirtException {
        super.addLifecycleListener(listener);
        lifecycleListeners.add(listener);
    }

    @Override
    public void removeLifecycleListener(LifecycleListener listener) throws LibvirtException {
        lifecycleListeners.remove(listener);
        super.removeLifecycleListener(listener);
    }

    /**
     * Deregisters every lifecycle listener still registered; returns the failures (on a dead
     * connection libvirt drops the callback locally and then fails to tell the daemon).
     */
    List<Exception> removeAllLifecycleListeners() {
        List<Exception> failures = new java.util.ArrayList<>();
        for (LifecycleListener l : lifecycleListeners) {
            try {
                removeLifecycleListener(l);
            } catch (LibvirtException | RuntimeException e) {
                failures.add(e);
            }
        }
        return failures;
    }

    /** The {@code virConnectPtr}; {@link Pointer#NULL} (null) once closed. */
    Pointer pointer() {
        return vcp == null ? null : vcp.getPointer();
    }
}
