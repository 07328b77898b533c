package org.iaasengine.libvirt.libvirtjava;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The libvirt C functions that libvirt-java 0.5.4 does not offer, bound directly through JNA on the
 * same {@code libvirt.so} that libvirt-java loads. Pointers are the raw {@code virConnectPtr} /
 * {@code virDomainPtr}; strings are UTF-8 whatever the JVM's default encoding.
 *
 * <p>Why each is here:
 * <ul>
 * <li>{@code virConnectGetAllDomainStats} + {@code virDomainStatsRecordListFree}: the bulk path
 *     (one RPC for all domains); libvirt-java 0.5.4 has no binding for it.</li>
 * <li>{@code virDomainGetState}: state <em>and reason</em>; libvirt-java only has
 *     {@code getInfo()}, which has no reason.</li>
 * <li>{@code virDomainShutdownFlags}: ACPI or guest-agent shutdown; libvirt-java only has
 *     {@code shutdown()}.</li>
 * <li>{@code virNodeGetCPUStats}, {@code virNodeGetMemoryStats}: not in libvirt-java 0.5.4.</li>
 * <li>{@code virDomainLookupByName}, {@code virDomainFree}, {@code virDomainGetName},
 *     {@code virDomainGetUUIDString}, {@code virDomainGetID}, {@code virGetLastError}: to get and
 *     release the raw domain handle the calls above need, and to read the error they raise
 *     (libvirt-java keeps its own handles package-private).</li>
 * </ul>
 *
 * <pre>{@code
 * Pointer dom = VirtNative.LIB.virDomainLookupByName(conn, "web1");
 * }</pre>
 */
interface VirtNative extends Library {

    /** The bound library. */
    VirtNative LIB = Native.load("virt", VirtNative.class,
            Map.of(Library.OPTION_STRING_ENCODING, StandardCharsets.UTF_8.name()));

    /** {@code VIR_DOMAIN_STATS_STATE}. */
    int STATS_STATE = 1;
    /** {@code VIR_DOMAIN_STATS_BALLOON}. */
    int STATS_BALLOON = 4;
    /** {@code VIR_DOMAIN_STATS_VCPU}. */
    int STATS_VCPU = 8;
    /** {@code VIR_DOMAIN_STATS_INTERFACE}. */
    int STATS_INTERFACE = 16;
    /** {@code VIR_CONNECT_GET_ALL_DOMAINS_STATS_PERSISTENT}. */
    int STATS_FILTER_PERSISTENT = 4;
    /** {@code VIR_CONNECT_GET_ALL_DOMAINS_STATS_TRANSIENT}. */
    int STATS_FILTER_TRANSIENT = 8;
    /** {@code VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT}: do not wait for a domain's running job. */
    int STATS_NOWAIT = 1 << 29;
    /** {@code VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN}. */
    int SHUTDOWN_ACPI = 1;
    /** {@code VIR_DOMAIN_SHUTDOWN_GUEST_AGENT}. */
    int SHUTDOWN_AGENT = 2;
    /** {@code VIR_NODE_CPU_STATS_ALL_CPUS} / {@code VIR_NODE_MEMORY_STATS_ALL_CELLS}. */
    int ALL = -1;
    /** {@code VIR_TYPED_PARAM_FIELD_LENGTH}. */
    int FIELD_LENGTH = 80;
    /** {@code VIR_UUID_STRING_BUFLEN}. */
    int UUID_STRING_BUFLEN = 37;

    int virConnectGetAllDomainStats(Pointer conn, int stats, PointerByReference retStats, int flags);

    void virDomainStatsRecordListFree(Pointer stats);

    Pointer virDomainLookupByName(Pointer conn, String name);

    int virDomainFree(Pointer domain);

    String virDomainGetName(Pointer domain);

    int virDomainGetUUIDString(Pointer domain, byte[] buf);

    int virDomainGetID(Pointer domain);

    int virDomainGetState(Pointer domain, IntByReference state, IntByReference reason, int flags);

    int virDomainShutdownFlags(Pointer domain, int flags);

    /** {@code VIR_DOMAIN_JOB_STATS_COMPLETED}. */
    int JOB_STATS_COMPLETED = 1;

    int virDomainBackupBegin(Pointer domain, String backupXml, String checkpointXml, int flags);

    int virDomainGetJobStats(Pointer domain, IntByReference type, PointerByReference params, IntByReference nparams,
            int flags);

    void virTypedParamsFree(Pointer params, int nparams);

    int virNodeGetCPUStats(Pointer conn, int cpuNum, Pointer params, IntByReference nparams, int flags);

    int virNodeGetMemoryStats(Pointer conn, int cellNum, Pointer params, IntByReference nparams, int flags);

    /** The calling thread's last error ({@code virErrorPtr}), null when none. */
    Pointer virGetLastError();
}
