package org.iaasengine.examples.cli;

import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.virsh.VirshDriver;

/**
 * How the CLI reaches a host. The default opens a new connection per invocation and closes it at
 * the end; tests inject one that hands out a shared driver, because libvirt's
 * {@code test:///default} keeps its state only for the life of one connection.
 *
 * <pre>{@code
 * LibvirtDriver shared = LibvirtJavaDriver.open("test:///default");
 * DriverFactory tests = new DriverFactory() {
 *     public LibvirtDriver open(String uri, Kind kind) { return shared; }
 *     public void release(LibvirtDriver driver) { }
 * };
 * }</pre>
 */
public interface DriverFactory {
    /** Which driver to use. */
    enum Kind {
        /** libvirt-java over JNA, in process (the default). */
        LIBVIRT_JAVA,
        /** the {@code virsh} program. */
        VIRSH
    }

    /** Opens a driver on {@code uri}. */
    LibvirtDriver open(String uri, Kind kind);

    /** Gives back a driver this factory opened (the default closes it). */
    default void release(LibvirtDriver driver) {
        driver.close();
    }

    /** A new connection per call. */
    DriverFactory DEFAULT = (uri, kind) -> kind == Kind.VIRSH ? VirshDriver.open(uri) : LibvirtJavaDriver.open(uri);
}
