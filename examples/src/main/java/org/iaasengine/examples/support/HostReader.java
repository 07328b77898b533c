package org.iaasengine.examples.support;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.States;
import org.iaasengine.libvirt.driver.DomainInfo;
import org.iaasengine.libvirt.driver.DomainInterface;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.store.StoredDefinition;
import org.iaasengine.libvirt.xml.DomainXml;
import org.iaasengine.libvirt.xml.DomainXmlCodec;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;

/**
 * Reads what one libvirt host runs, plus the VMs the definition store keeps for it (a shut-down
 * transient VM exists only there), into a {@link ResourceModel}: a small, stand-alone stand-in for
 * the library's InitModel that a stateless tool runs at the start of every invocation. One call
 * lists the domains; one {@code dominfo} and one XML read per domain give CPUs, memory and MACs.
 *
 * <pre>{@code
 * ResourceModel model = new ResourceModel();
 * List<Vm> vms = HostReader.read(host, model);   // the model now shows the host's VMs
 * }</pre>
 */
public final class HostReader {
    private HostReader() {
    }

    /**
     * Observes every VM of {@code host} into {@code model} and removes the model's VMs on this host
     * that the host and the store no longer know. Returns the VMs read, sorted by name.
     *
     * @throws DriverException when the host cannot be listed
     */
    public static List<Vm> read(LibvirtHost host, ResourceModel model) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(model, "model");
        List<Vm> seen = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (DomainSummary d : host.driver().listDomains()) {
            DomainInfo info;
            List<String> macs;
            try {
                info = host.driver().info(d.name());
                macs = host.driver().interfaces(d.name()).stream().map(DomainInterface::mac).toList();
            } catch (DriverException e) {
                if (e.category() == FailureCategory.NOT_FOUND) {
                    continue; // went away between the listing and the read
                }
                throw e;
            }
            Vm.Builder vm = Vm.builder(d.name()).uuid(info.uuid()).host(host.name())
                    .state(States.toModel(info.state())).vcpus(info.vcpus()).memoryKiB(info.maxMemoryKiB()).macs(macs);
            host.store().get(d.name()).ifPresent(s -> vm.ip(s.ip()).definitionRef(definitionRef(host, s)));
            seen.add(vm.build());
            names.add(d.name());
        }
        for (StoredDefinition s : host.store().onHost(host.name())) {
            if (names.contains(s.name())) {
                continue;
            }
            // Kept by the library only: a transient VM that is shut off.
            DomainXml xml = DomainXmlCodec.fromXml(s.domainXml());
            seen.add(Vm.builder(s.name()).uuid(s.uuid()).host(host.name()).state(VmState.SHUTOFF).vcpus(xml.vcpus())
                    .memoryKiB(xml.memoryKiB()).macs(xml.macs()).ip(s.ip()).definitionRef(definitionRef(host, s))
                    .build());
            names.add(s.name());
        }
        seen.sort(java.util.Comparator.comparing(Vm::name));
        model.update(m -> {
            for (Vm vm : seen) {
                m.observe(vm);
            }
            for (Vm known : m.vms()) {
                if (host.name().equals(known.host()) && !names.contains(known.name()) && !known.isOwned()) {
                    m.removeVm(known.name());
                }
            }
        });
        return seen;
    }

    private static String definitionRef(LibvirtHost host, StoredDefinition s) {
        return host.store().directory().resolve(s.uuid() + ".xml").toString();
    }
}
