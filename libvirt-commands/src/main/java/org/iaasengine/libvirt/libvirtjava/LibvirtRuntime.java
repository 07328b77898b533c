package org.iaasengine.libvirt.libvirtjava;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.LibvirtException;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What libvirt needs in this JVM before a {@code Connect} is opened, and while one is open:
 * <ul>
 * <li>libvirt's error callback routed to SLF4J (logger {@code org.iaasengine.libvirt.libvirtjava.libvirt},
 *     DEBUG: every error also reaches the caller as an exception), so libvirt never prints to
 *     stderr; installed once per JVM;</li>
 * <li>{@link Library#initEventLoop()} (the default event loop implementation, which keepalive,
 *     connection-close callbacks and domain events need; registered once per JVM, libvirt cannot
 *     unregister it), run by one daemon thread, {@code iaas-libvirt-event-loop}, for as long as a
 *     driver holds the runtime: the first {@link #acquire()} starts the thread, the last
 *     {@link #release()} stops it (a wake-up timer of our own makes the loop's poll return) and
 *     waits for it to end. A later acquire starts a new thread.</li>
 * </ul>
 * The event-loop thread runs libvirt's timers and socket watches, JNA callbacks included: code
 * called on it must never block and never make a libvirt call that needs the daemon (it would
 * stall keepalive and every event of every connection).
 *
 * <pre>{@code
 * LibvirtRuntime.acquire();
 * Connect c = new Connect("qemu:///system");
 * ...
 * c.close();
 * LibvirtRuntime.release();
 * }</pre>
 */
final class LibvirtRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtRuntime.class);
    private static final Logger LIBVIRT_LOG = LoggerFactory.getLogger("org.iaasengine.libvirt.libvirtjava.libvirt");
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    /** Held for the life of the JVM: libvirt keeps the function pointer. */
    private static final Libvirt.VirErrorCallback ERROR_CALLBACK = LibvirtRuntime::onLibvirtError;
    /** Held for the life of the JVM: the wake-up timer fires it on the loop thread; it disarms itself. */
    private static final Libvirt.VirEventTimeoutCallback WAKE = (timer, opaque) ->
            Libvirt.INSTANCE.virEventUpdateTimeout(timer, -1);

    private static final Object LOCK = new Object();
    /** Guarded by LOCK. */
    private static boolean initialised;
    private static int wakeTimer = -1;
    private static int holders;
    private static Thread loop;
    private static volatile boolean running;

    private LibvirtRuntime() {
    }

    /**
     * Takes a hold on the runtime: initialises it once per JVM and starts the event-loop thread if
     * it is not running. Every acquire must be matched by one {@link #release()}.
     *
     * @throws IllegalStateException if libvirt's event loop cannot be initialised
     */
    static void acquire() {
        synchronized (LOCK) {
            if (!initialised) {
                initialise();
                initialised = true;
            }
            if (holders++ == 0) {
                running = true;
                loop = new Thread(LibvirtRuntime::runLoop, "iaas-libvirt-event-loop");
                loop.setDaemon(true);
                loop.start();
                LOG.debug("libvirt event loop started on thread {}", loop.getName());
            }
        }
    }

    /**
     * Gives a hold back; the last one stops the event-loop thread and waits (up to 5 s) for it to
     * end. Call it once the connections the holder opened are closed.
     */
    static void release() {
        Thread stopping;
        synchronized (LOCK) {
            if (holders == 0) {
                throw new IllegalStateException("libvirt runtime released more often than acquired");
            }
            if (--holders > 0) {
                return;
            }
            running = false;
            Libvirt.INSTANCE.virEventUpdateTimeout(wakeTimer, 0); // the loop's poll returns at once
            stopping = loop;
            loop = null;
        }
        if (stopping == Thread.currentThread()) {
            return; // released from a callback on the loop itself: it ends after this iteration
        }
        boolean interrupted = Thread.interrupted();
        try {
            stopping.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (stopping.isAlive()) {
            LOG.warn("libvirt event loop thread still running {} after its last driver closed", STOP_WAIT);
        } else {
            LOG.debug("libvirt event loop stopped: no driver holds it");
        }
    }

    /** Whether the event-loop thread is running (for tests). */
    static boolean isRunning() {
        synchronized (LOCK) {
            return loop != null && loop.isAlive();
        }
    }

    private static void initialise() {
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
            throw new IllegalStateException("libvirt event loop could not be initialised: " + e.getMessage(), e);
        }
        wakeTimer = Libvirt.INSTANCE.virEventAddTimeout(-1, WAKE, null, null);
        if (wakeTimer < 0) {
            throw new IllegalStateException("libvirt event loop: could not add the wake-up timer");
        }
    }

    /** One iteration of libvirt's loop after the other (each blocks in poll) until released. */
    private static void runLoop() {
        while (running) {
            try {
                Library.processEvent();
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
