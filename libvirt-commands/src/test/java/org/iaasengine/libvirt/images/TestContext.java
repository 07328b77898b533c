package org.iaasengine.libvirt.images;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Key;
import org.iaasengine.core.spi.SystemScheduler;
import org.iaasengine.core.spi.TaskScheduler;

/** A command context for running one command alone: earlier results by key, progress kept, a cancel flag. */
final class TestContext implements CommandContext, AutoCloseable {
    final Map<Key<?>, Object> results = new ConcurrentHashMap<>();
    final List<Double> progress = new CopyOnWriteArrayList<>();
    volatile boolean cancelled;
    private final SystemScheduler scheduler = new SystemScheduler("iaas-test-timer");

    <V> TestContext with(Key<V> key, V value) {
        results.put(key, value);
        return this;
    }

    @Override
    public String actionId() {
        return "a1";
    }

    @Override
    public String actionName() {
        return "backup";
    }

    @Override
    public String resourceKey() {
        return "vm:web1";
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public Duration timeLeftOr(Duration fallback) {
        return fallback;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public TaskScheduler scheduler() {
        return scheduler;
    }

    @Override
    public void progress(double fraction, String message) {
        progress.add(fraction);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V get(Key<V> key) {
        Object v = results.get(key);
        if (v == null) {
            throw new IllegalStateException("no result " + key);
        }
        return (V) v;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> Optional<V> find(Key<V> key) {
        return Optional.ofNullable((V) results.get(key));
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
