package org.iaasengine.libvirt.libvirtjava;

import com.sun.jna.Pointer;
import java.util.concurrent.atomic.AtomicLong;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets and frees domain handles ({@code virDomainPtr}, as libvirt-java {@link Domain}s or raw
 * pointers) and counts the ones not yet freed, so a test can prove that none leaks. Every handle
 * the driver gets is freed in a {@code finally} through here; libvirt-java's finalizer is never
 * relied on.
 *
 * <pre>{@code
 * String xml = handles.withDomain(conn, "web1", d -> d.getXMLDesc(0));
 * assert handles.open() == 0;
 * }</pre>
 */
final class DomainHandles {
    private static final Logger LOG = LoggerFactory.getLogger(DomainHandles.class);

    /** Work on a libvirt-java domain. */
    @FunctionalInterface
    interface DomainCall<T> {
        T apply(Domain domain) throws LibvirtException, NativeError;
    }

    /** Work on a raw {@code virDomainPtr}. */
    @FunctionalInterface
    interface RawDomainCall<T> {
        T apply(Pointer domain) throws LibvirtException, NativeError;
    }

    private final AtomicLong open = new AtomicLong();

    /** Handles got and not yet freed. */
    long open() {
        return open.get();
    }

    /** Looks {@code name} up, runs {@code fn} on it, frees it. */
    <T> T withDomain(Connect conn, String name, DomainCall<T> fn) throws LibvirtException, NativeError {
        Domain d = conn.domainLookupByName(name);
        return withHandle(d, fn);
    }

    /** Runs {@code fn} on a handle the caller just got (create, define...), then frees it. */
    <T> T withHandle(Domain d, DomainCall<T> fn) throws LibvirtException, NativeError {
        open.incrementAndGet();
        try {
            return fn.apply(d);
        } finally {
            free(d);
        }
    }

    /** Counts a handle got elsewhere (an array, an event); it must later go through {@link #free(Domain)}. */
    void adopted(int count) {
        open.addAndGet(count);
    }

    /** Frees one libvirt-java handle; a failure is logged, never thrown (the handle is gone either way). */
    void free(Domain d) {
        if (d == null) {
            return;
        }
        try {
            d.free();
        } catch (LibvirtException | RuntimeException e) {
            LOG.warn("freeing a domain handle failed", e);
        } finally {
            open.decrementAndGet();
        }
    }

    /** Looks {@code name} up through {@link VirtNative}, runs {@code fn} on the raw pointer, frees it. */
    <T> T withRawDomain(Pointer conn, String name, RawDomainCall<T> fn) throws LibvirtException, NativeError {
        Pointer d = VirtNative.LIB.virDomainLookupByName(conn, name);
        if (d == null) {
            throw NativeError.last("virDomainLookupByName");
        }
        open.incrementAndGet();
        try {
            return fn.apply(d);
        } finally {
            if (VirtNative.LIB.virDomainFree(d) < 0) {
                LOG.warn("virDomainFree failed for domain '{}'", name);
            }
            open.decrementAndGet();
        }
    }

    /** Counts {@code count} handles owned by a stats record list, released together by its free. */
    void released(int count) {
        open.addAndGet(-count);
    }
}
