package org.iaasengine.powervm.sync;

import java.util.List;
import java.util.Locale;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.spec.AdapterRef;
import org.iaasengine.powervm.spec.LparInfo;

/**
 * Maps PowerVM partition states to model states, and partitions to model VMs.
 *
 * <table>
 *   <caption>PartitionState to VmState</caption>
 *   <tr><td>running, open firmware, starting, shutting down, migrating running, hardware discovery</td><td>RUNNING</td></tr>
 *   <tr><td>not activated, migrating not active</td><td>SHUTOFF</td></tr>
 *   <tr><td>suspended, suspending, resuming</td><td>PAUSED</td></tr>
 *   <tr><td>error, failed</td><td>CRASHED</td></tr>
 *   <tr><td>anything else (not available, unknown...)</td><td>UNKNOWN</td></tr>
 * </table>
 *
 * <pre>{@code
 * VmState s = LparStates.toVmState("open firmware");  // RUNNING
 * }</pre>
 */
public final class LparStates {
    private LparStates() {
    }

    public static VmState toVmState(String partitionState) {
        if (partitionState == null) {
            return VmState.UNKNOWN;
        }
        return switch (partitionState.trim().toLowerCase(Locale.ROOT)) {
            case "running", "open firmware", "starting", "shutting down", "migrating running", "hardware discovery" ->
                    VmState.RUNNING;
            case "not activated", "migrating not active" -> VmState.SHUTOFF;
            case "suspended", "suspending", "resuming" -> VmState.PAUSED;
            case "error", "failed" -> VmState.CRASHED;
            default -> VmState.UNKNOWN;
        };
    }

    /** The model VM of a partition on {@code host}. */
    public static Vm toVm(LparInfo info, String host) {
        return Vm.builder(info.name()).uuid(info.uuid()).host(host).state(toVmState(info.state())).vcpus(info.vcpus())
                .memoryKiB(info.memoryMb() * 1024).build();
    }

    /** A MAC as the model writes it ({@code fa:d4:43:3e:d1:20}) from PowerVM's 12 hex digits. */
    public static String mac(String powerVmMac) {
        if (powerVmMac == null || powerVmMac.length() != 12) {
            return powerVmMac;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(powerVmMac, i, i + 2);
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** The MACs of a client network adapter, as the model writes them (none for null). */
    public static List<String> macs(AdapterRef a) {
        return a == null || a.mac() == null ? List.of() : List.of(mac(a.mac()));
    }

    /** The MACs of client network adapters, in their order, as the model writes them. */
    public static List<String> macs(List<AdapterRef> adapters) {
        return adapters.stream().flatMap(a -> macs(a).stream()).toList();
    }
}
