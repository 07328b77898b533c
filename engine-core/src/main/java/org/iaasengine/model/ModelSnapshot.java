package org.iaasengine.model;

import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A consistent, immutable view of the whole model at one version.
 *
 * @param version the model version this view shows
 * @param hosts   hosts by name
 * @param vms     VMs by name
 * @param volumes volumes by id (empty when read from a form written before volumes existed)
 */
public record ModelSnapshot(long version, Map<String, Host> hosts, Map<String, Vm> vms, Map<String, Volume> volumes) {
    public ModelSnapshot {
        hosts = ImmutableMap.copyOf(hosts);
        vms = ImmutableMap.copyOf(vms);
        volumes = volumes == null ? Map.of() : ImmutableMap.copyOf(volumes);
    }

    /** A view without volumes. */
    public ModelSnapshot(long version, Map<String, Host> hosts, Map<String, Vm> vms) {
        this(version, hosts, vms, Map.of());
    }

    public Optional<Volume> volume(String id) {
        return Optional.ofNullable(volumes.get(id));
    }

    /** The volumes attached to VM {@code vm}, sorted by target device. */
    public List<Volume> volumesOf(String vm) {
        return volumes.values().stream().filter(v -> vm.equals(v.vm()))
                .sorted(java.util.Comparator.comparing(Volume::target)).collect(Collectors.toList());
    }

    public Optional<Vm> vm(String name) {
        return Optional.ofNullable(vms.get(name));
    }

    public Optional<Host> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    /** The VMs on one host, sorted by name. */
    public List<Vm> vmsOn(String host) {
        return vms.values().stream().filter(v -> host.equals(v.host())).sorted(java.util.Comparator.comparing(Vm::name))
                .collect(Collectors.toList());
    }
}
