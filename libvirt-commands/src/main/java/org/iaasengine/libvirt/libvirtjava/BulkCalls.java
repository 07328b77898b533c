package org.iaasengine.libvirt.libvirtjava;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * The calls libvirt-java 0.5.4 lacks that {@link LibvirtJavaDriver} makes through JNA
 * ({@link VirtNative}) for whole-host reads: node CPU and memory statistics, and the bulk domain
 * listing ({@code virConnectGetAllDomainStats}) with the readers of its records' fields.
 */
final class BulkCalls {
    private BulkCalls() {
    }

    /** {@code virNodeGetCPUStats} ({@code cpu}) or {@code virNodeGetMemoryStats}, all cells, by field name. */
    static Map<String, Long> nodeStats(Pointer conn, boolean cpu) throws NativeError {
        String fn = cpu ? "virNodeGetCPUStats" : "virNodeGetMemoryStats";
        IntByReference n = new IntByReference(0);
        if (nodeStatsCall(conn, cpu, null, n) < 0) {
            throw NativeError.last(fn);
        }
        int count = n.getValue();
        if (count <= 0) {
            return Map.of();
        }
        Memory params = new Memory((long) count * TypedParameters.NODE_STATS_SIZE);
        params.clear();
        if (nodeStatsCall(conn, cpu, params, n) < 0) {
            throw NativeError.last(fn);
        }
        return TypedParameters.readNodeStats(params, Math.min(count, n.getValue()));
    }

    private static int nodeStatsCall(Pointer conn, boolean cpu, Pointer params, IntByReference n) {
        return cpu ? VirtNative.LIB.virNodeGetCPUStats(conn, VirtNative.ALL, params, n, 0)
                : VirtNative.LIB.virNodeGetMemoryStats(conn, VirtNative.ALL, params, n, 0);
    }

    /** Reads one record of the bulk call. */
    @FunctionalInterface
    interface RecordReader<T> {
        T read(Pointer domain, Map<String, String> fields);
    }

    /**
     * One {@code virConnectGetAllDomainStats} call: each record read by {@code reader}; the domain
     * pointers the call hands over are counted in {@code handles} and freed with the list.
     */
    static <T> List<T> bulk(SupervisedConnect c, DomainHandles handles, int stats, int flags, RecordReader<T> reader)
            throws NativeError {
        PointerByReference ret = new PointerByReference();
        int n = VirtNative.LIB.virConnectGetAllDomainStats(c.pointer(), stats, ret, flags);
        if (n < 0) {
            throw NativeError.last("virConnectGetAllDomainStats");
        }
        Pointer records = ret.getValue();
        handles.adopted(n);
        try {
            List<T> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Pointer rec = records.getPointer((long) i * Native.POINTER_SIZE);
                Pointer dom = rec.getPointer(0);
                Pointer params = rec.getPointer(Native.POINTER_SIZE);
                int nparams = rec.getInt(2L * Native.POINTER_SIZE);
                out.add(reader.read(dom, TypedParameters.read(params, nparams)));
            }
            return out;
        } finally {
            if (records != null) {
                VirtNative.LIB.virDomainStatsRecordListFree(records);
            }
            handles.released(n);
        }
    }

    static String nameOf(Pointer dom) {
        return VirtNative.LIB.virDomainGetName(dom);
    }

    static String uuidOf(Pointer dom) {
        byte[] buf = new byte[VirtNative.UUID_STRING_BUFLEN];
        if (VirtNative.LIB.virDomainGetUUIDString(dom, buf) < 0) {
            return "";
        }
        return Native.toString(buf, StandardCharsets.US_ASCII.name());
    }

    static DomainState stateOf(Map<String, String> fields) {
        return DomainState.ofCode(intField(fields, "state.state"));
    }

    static int intField(Map<String, String> fields, String key) {
        String v = fields.get(key);
        return v == null ? 0 : (int) Long.parseLong(v);
    }

    static long longField(Map<String, String> fields, String key) {
        String v = fields.get(key);
        return v == null ? 0 : Long.parseUnsignedLong(v);
    }

    static DomainSummary summary(Domain d) throws LibvirtException {
        return new DomainSummary(d.getName(), d.getUUIDString(), d.getID(),
                DomainState.ofCode(d.getInfo().state.ordinal()), d.isPersistent() == 1);
    }
}
