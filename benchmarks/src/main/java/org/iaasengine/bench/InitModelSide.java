package org.iaasengine.bench;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.iaasengine.libvirt.States;
import org.iaasengine.libvirt.driver.DomainStats;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.jna.LibvirtJavaDriver;
import org.iaasengine.libvirt.jna.StatsGroup;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;

/**
 * "Ours" in scenario 2: one full InitModel of a host into a resource model. Pluggable, so the
 * library's own InitModel (branch {@code sync}, package {@code org.iaasengine.libvirt.sync}) can
 * replace the stand-ins below once it is on this branch.
 */
public interface InitModelSide {

    /** What the table calls it. */
    String name();

    /** Reads the host and writes every domain into {@code model}; returns how many domains. */
    int initModel(ResourceModel model);

    /**
     * Stand-in until the library's InitModel is here, libvirt-java driver: {@code listDomains}
     * (two bulk {@code virConnectGetAllDomainStats} calls, persistent and transient: names, UUIDs,
     * ids, states) plus one bulk {@code allDomainStats(STATE)}, then one atomic model update. Reads
     * no XML: memory, vCPUs and MACs come from the definition store in the library's design.
     */
    static InitModelSide libvirtJavaStandIn(LibvirtJavaDriver driver, String hostName) {
        return new InitModelSide() {
            @Override
            public String name() {
                return "libvirt-java (bulk stand-in)";
            }

            @Override
            public int initModel(ResourceModel model) {
                List<DomainSummary> all = driver.listDomains();
                Map<String, DomainStats> stats = new HashMap<>();
                for (DomainStats s : driver.allDomainStats(EnumSet.of(StatsGroup.STATE))) {
                    stats.put(s.name(), s);
                }
                write(model, hostName, all);
                return Math.max(all.size(), stats.size());
            }
        };
    }

    /**
     * Stand-in until the library's InitModel is here, virsh driver: {@code listDomains}, which is
     * three virsh processes ({@code list --all --uuid --id --name}, {@code list --all --persistent
     * --uuid}, {@code domstats --state}), then one atomic model update.
     */
    static InitModelSide virshStandIn(LibvirtDriver driver, String hostName) {
        return new InitModelSide() {
            @Override
            public String name() {
                return "virsh driver (bulk stand-in)";
            }

            @Override
            public int initModel(ResourceModel model) {
                List<DomainSummary> all = driver.listDomains();
                write(model, hostName, all);
                return all.size();
            }
        };
    }

    private static void write(ResourceModel model, String hostName, List<DomainSummary> all) {
        model.update(m -> {
            for (DomainSummary d : all) {
                m.observe(Vm.builder(d.name()).uuid(d.uuid()).host(hostName).state(States.toModel(d.state())).build());
            }
        });
    }
}
