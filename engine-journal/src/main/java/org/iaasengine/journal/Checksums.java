package org.iaasengine.journal;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** The CRC-32 of a journal row's content, written with the row and checked when it is read. */
final class Checksums {
    private Checksums() {
    }

    static long action(String actionId, String owner, String actionName, String resourceKey, String requestJson) {
        return crc(actionId, owner, actionName, resourceKey, requestJson);
    }

    static long record(String actionId, int seq, String kind, int stepIndex, String stepName, int attempt,
            String valueType, String valueJson) {
        return crc(actionId, Integer.toString(seq), kind, Integer.toString(stepIndex), stepName,
                Integer.toString(attempt), valueType, valueJson);
    }

    private static long crc(String... fields) {
        CRC32 crc = new CRC32();
        for (String f : fields) {
            // A length before each field, so that ("ab","c") and ("a","bc") differ; -1 for null.
            int len = f == null ? -1 : f.length();
            crc.update(new byte[] {(byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len});
            if (f != null) {
                crc.update(f.getBytes(StandardCharsets.UTF_8));
            }
        }
        return crc.getValue();
    }
}
