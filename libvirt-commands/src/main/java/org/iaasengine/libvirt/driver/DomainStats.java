package org.iaasengine.libvirt.driver;

import java.util.Map;

/**
 * One domain's record from the bulk statistics call ({@code virConnectGetAllDomainStats} /
 * {@code virsh domstats --state --vcpu --balloon --interface}): what an InitModel needs without a
 * call per domain.
 *
 * @param name         its name
 * @param state        its state
 * @param reason       why it is in that state (null stands for the state's unknown reason)
 * @param vcpus        current virtual CPUs (0 when inactive and not reported)
 * @param maxMemoryKiB maximum memory (balloon.maximum)
 * @param memoryKiB    current memory (balloon.current)
 * @param fields       every field as reported, by its libvirt name ({@code net.0.name}...)
 */
public record DomainStats(String name, DomainState state, StateReason reason, int vcpus, long maxMemoryKiB,
        long memoryKiB, Map<String, String> fields) {
    public DomainStats {
        java.util.Objects.requireNonNull(state, "state");
        reason = reason == null ? StateReason.unknown(state) : reason;
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }
}
