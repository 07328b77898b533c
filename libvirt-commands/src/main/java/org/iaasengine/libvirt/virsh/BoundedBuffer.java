package org.iaasengine.libvirt.virsh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An output sink that keeps at most {@code limit} bytes and counts what it dropped, so a runaway
 * process cannot exhaust the heap.
 */
final class BoundedBuffer extends OutputStream {
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;

    BoundedBuffer(int limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void write(int b) {
        if (kept.size() < limit) {
            kept.write(b);
        } else {
            dropped++;
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int room = Math.max(0, Math.min(len, limit - kept.size()));
        kept.write(b, off, room);
        dropped += len - room;
    }

    synchronized boolean truncated() {
        return dropped > 0;
    }

    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }
}
