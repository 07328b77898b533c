package org.iaasengine.core.exec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one bounded output sink of the library's processes: keeps at most {@code limit} bytes,
 * drops the rest and counts it, so a runaway process cannot exhaust the heap. Thread-safe (a pump
 * writes, the caller reads once the process is done).
 */
final class BoundedBuffer extends OutputStream {
    private final int limit;
    private final ByteArrayOutputStream kept;
    private long dropped;

    BoundedBuffer(int limit) {
        this.limit = limit;
        this.kept = new ByteArrayOutputStream(Math.min(limit, 8192));
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

    /** True once more than {@code limit} bytes were written. */
    synchronized boolean truncated() {
        return dropped > 0;
    }

    /** The bytes dropped beyond the limit. */
    synchronized long dropped() {
        return dropped;
    }

    /** What was kept, decoded as UTF-8. */
    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }
}
