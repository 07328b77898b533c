package org.iaasengine.powervm.simulator;

import com.google.common.hash.Hashing;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The bytes on the simulator's disks, by UDID: what a File upload wrote into a virtual disk or a
 * logical unit, copied to a disk made from it ({@code BaseImage}, {@code ClonedFrom}), read back by
 * a File download. A disk nobody wrote holds no bytes (an empty image). Guarded by the state lock.
 *
 * <pre>{@code
 * contents.write(udid, bytes);
 * contents.copy(imageUdid, diskUdid);
 * }</pre>
 */
final class DiskContents {
    private final Map<String, byte[]> bytes = new HashMap<>();

    /** Puts {@code data} on the disk {@code udid} (replacing what was there). */
    void write(String udid, byte[] data) {
        bytes.put(udid, data.clone());
    }

    /** A disk made from {@code source} gets its bytes. */
    void copy(String source, String target) {
        byte[] b = bytes.get(source);
        if (b != null) {
            bytes.put(target, b);
        }
    }

    /** A removed disk loses its bytes. */
    void remove(String udid) {
        bytes.remove(udid);
    }

    /** The bytes of disk {@code udid}, if it holds any. */
    Optional<byte[]> read(String udid) {
        return Optional.ofNullable(bytes.get(udid)).map(byte[]::clone);
    }

    /** The SHA-256 (hex) of the bytes of disk {@code udid}, if it holds any. */
    Optional<String> sha256(String udid) {
        return Optional.ofNullable(bytes.get(udid)).map(b -> Hashing.sha256().hashBytes(b).toString());
    }
}
