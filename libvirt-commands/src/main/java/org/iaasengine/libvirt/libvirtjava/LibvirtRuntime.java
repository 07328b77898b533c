package org.iaasengine.libvirt.libvirtjava;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What libvirt needs once per JVM, done once, before the first {@code Connect}:
 * <ul>
 * <li>libvirt's error callback routed to SLF4J (logger {@code org.iaasengine.libvirt.jna.libvirt},
 *     DEBUG: every error also reaches the caller as an exception), so libvirt never prints to
 *     stderr;</li>
 * <li>{@link Library#initEventLoop()} (the default event loop implementation, which keepalive,
 *     connection-close callbacks and domain events need), then {@link Library#runEventLoop()} on
 *     one daemon thread, {@code libvirt-event-loop}.</li>
 * </ul>
 * The event-loop thread runs libvirt's timers and socket watches, JNA callbacks included: code
 * called on it must never block and never make a libvirt call that needs the daemon (it would
 * stall keepalive and every event of every connection).
 *
 * <pre>{@code
 * LibvirtRuntime.ensureStarted();
 * Connect c = new Connect("qemu:///system");
 * }</pre>
 */
final class LibvirtRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtRuntime.class);
    private static final Logger LIBVIRT_LOG = LoggerFactory.getLogger("org.iaasengine.libvirt.jna.libvirt");
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    /** Held for the life of the JVM: libvirt keeps the function pointer. */
    private static final Libvirt.VirErrorCallback ERROR_CALLBACK = LibvirtRuntime::onLibvirtError;

    private LibvirtRuntime() {
    }

    /** Installs the error callback and starts the event loop, once per JVM; later calls return at once. */
    static void ensureStarted() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Charset jnaCharset = Native.getDefaultStringEncoding() == null ? null
                : Charset.forName(Native.getDefaultStringEncoding());
        if (!StandardCharsets.UTF_8.equals(jnaCharset)) {
            LOG.warn("JNA encodes strings as {}, libvirt expects UTF-8: domain names outside ASCII will be mangled "
                    + "by libvirt-java calls; start the JVM with -Djna.encoding=UTF-8", jnaCharset);
        }
        try {
            Connect.setErrorCallback(ERROR_CALLBACK);
            Library.initEventLoop();
        } catch (LibvirtException e) {
            STARTED.set(false);
            throw new IllegalStateException("libvirt event loop could not be initialised: " + e.getMessage(), e);
        }
        Thread loop = new Thread(LibvirtRuntime::runLoop, "libvirt-event-loop");
        loop.setDaemon(true);
        loop.start();
        LOG.debug("libvirt event loop started on thread {}", loop.getName());
    }

    private static void runLoop() {
        while (true) {
            try {
                Library.runEventLoop();
                LOG.debug("libvirt event loop stopped");
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.debug("libvirt event loop interrupted: stopping");
                return;
            } catch (LibvirtException | RuntimeException e) {
                // One failed iteration (or a listener bug) must not end event delivery for the JVM.
                LOG.warn("libvirt event loop iteration failed; continuing", e);
            }
        }
    }

    private static void onLibvirtError(Pointer userData, virError error) {
        if (error != null && LIBVIRT_LOG.isDebugEnabled()) {
            LIBVIRT_LOG.debug("libvirt error {} (domain {}, level {}): {}", error.code, error.domain, error.level,
                    error.message);
        }
    }
}
