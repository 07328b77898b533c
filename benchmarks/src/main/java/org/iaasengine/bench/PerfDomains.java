package org.iaasengine.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.store.StoredDefinition;

/**
 * The harness's domains on the real daemon: tiny 32 MiB TCG domains with no disk (firmware only)
 * and a user-mode NIC, all named with the harness prefix, and their clean-up.
 */
public final class PerfDomains {
    private PerfDomains() {
    }

    /** Domain XML of a 32 MiB TCG domain with no disk. */
    public static String tinyXml(String name) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String mac = String.format("52:54:00:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256), r.nextInt(256));
        return "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>32</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64'>hvm</type></os><features><acpi/></features>"
                + "<devices><interface type='user'><mac address='" + mac + "'/><model type='virtio'/></interface>"
                + "</devices></domain>";
    }

    /**
     * Creates {@code names} as transient paused domains, a few at a time, keeping each definition
     * in {@code store} as the library's Create does.
     */
    public static void createPaused(LibvirtDriver driver, DefinitionStore store, String host, List<String> names) {
        forEach(names, 4, n -> {
            String uuid = UUID.randomUUID().toString();
            String xml = tinyXml(n).replace("<name>", "<uuid>" + uuid + "</uuid><name>");
            store.put(new StoredDefinition(n, uuid, host, Lifecycle.TRANSIENT, null, List.of(), null, xml));
            driver.create(xml, true);
        });
    }

    /** Destroys (and undefines, when persistent) every domain whose name starts with {@code prefix}. */
    public static int cleanUp(LibvirtDriver driver, String prefix) {
        List<DomainSummary> mine = driver.listDomains().stream().filter(d -> d.name().startsWith(prefix)).toList();
        forEach(mine, 8, d -> {
            quietly(() -> driver.destroy(d.name()));
            if (d.persistent()) {
                quietly(() -> driver.undefine(d.name()));
            }
        });
        return mine.size();
    }

    /** Destroys the named domains, {@code parallel} at a time, ignoring the ones already gone. */
    public static void destroyAll(LibvirtDriver driver, List<String> names, int parallel) {
        forEach(names, parallel, n -> quietly(() -> driver.destroy(n)));
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (DriverException ignored) {
            // already gone
        }
    }

    static <T> void forEach(List<T> items, int parallel, Consumer<T> work) {
        if (items.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, items.size()));
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (T item : items) {
                fs.add(pool.submit(() -> work.accept(item)));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
