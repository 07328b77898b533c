package org.iaasengine.libvirt.libvirtjava;

import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads libvirt's {@code virTypedParameter} arrays and {@code virNodeCPUStats} /
 * {@code virNodeMemoryStats} arrays out of native memory.
 *
 * <p>Layouts (LP64, as libvirt's headers define them):
 * <pre>
 * virTypedParameter  { char field[80]; int type; (4 bytes padding) union value (8 bytes); }  96 bytes
 * virNodeCPUStats    { char field[80]; unsigned long long value; }                           88 bytes
 * virNodeMemoryStats { char field[80]; unsigned long long value; }                           88 bytes
 * </pre>
 * Types: 1 int, 2 uint, 3 llong, 4 ullong, 5 double, 6 boolean, 7 string.
 *
 * <pre>{@code
 * Map<String, String> fields = TypedParameters.read(params, nparams);
 * fields.get("state.state"); // "3"
 * }</pre>
 */
final class TypedParameters {
    /** {@code sizeof(virTypedParameter)}. */
    static final int TYPED_PARAM_SIZE = 96;
    /** {@code sizeof(virNodeCPUStats)} = {@code sizeof(virNodeMemoryStats)}. */
    static final int NODE_STATS_SIZE = 88;
    private static final int TYPE_OFFSET = VirtNative.FIELD_LENGTH;
    private static final int VALUE_OFFSET = 88;

    private TypedParameters() {
    }

    /** Every parameter as text, by field name, in libvirt's order. */
    static Map<String, String> read(Pointer params, int count) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            long base = (long) i * TYPED_PARAM_SIZE;
            String field = field(params, base);
            int type = params.getInt(base + TYPE_OFFSET);
            long v = base + VALUE_OFFSET;
            String value = switch (type) {
                case 1 -> Integer.toString(params.getInt(v));
                case 2 -> Integer.toUnsignedString(params.getInt(v));
                case 3 -> Long.toString(params.getLong(v));
                case 4 -> Long.toUnsignedString(params.getLong(v));
                case 5 -> Double.toString(params.getDouble(v));
                case 6 -> params.getByte(v) != 0 ? "yes" : "no";
                case 7 -> {
                    Pointer s = params.getPointer(v);
                    yield s == null ? "" : s.getString(0, StandardCharsets.UTF_8.name());
                }
                default -> null;
            };
            if (value != null) {
                out.put(field, value);
            }
        }
        return out;
    }

    /** A {@code virNodeCPUStats}/{@code virNodeMemoryStats} array: field name to unsigned value. */
    static Map<String, Long> readNodeStats(Pointer params, int count) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            long base = (long) i * NODE_STATS_SIZE;
            out.put(field(params, base), params.getLong(base + VirtNative.FIELD_LENGTH));
        }
        return out;
    }

    private static String field(Pointer p, long offset) {
        byte[] raw = p.getByteArray(offset, VirtNative.FIELD_LENGTH);
        int len = 0;
        while (len < raw.length && raw[len] != 0) {
            len++;
        }
        return new String(raw, 0, len, StandardCharsets.UTF_8);
    }
}
