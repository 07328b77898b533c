package org.iaasengine.libvirt.commands;

import java.util.List;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.NodeStats;

/**
 * Reads what a host is doing now: a sample of its CPU times and memory, and how many domains are
 * active and defined.
 *
 * <pre>{@code
 * .step(RUNNING, new HostRunningInfo(driver))
 * }</pre>
 */
public final class HostRunningInfo implements Command<HostRunningInfo.Result> {

    /**
     * The reading.
     *
     * @param stats      CPU times and memory, empty when the driver cannot read them
     * @param activeVms  domains with a running QEMU
     * @param definedVms domains libvirt knows (active or not)
     */
    public record Result(java.util.Optional<NodeStats> stats, int activeVms, int definedVms) {
    }

    private final LibvirtDriver driver;

    public HostRunningInfo(LibvirtDriver driver) {
        this.driver = driver;
    }

    @Override
    public Result execute(CommandContext ctx) {
        java.util.Optional<NodeStats> stats;
        try {
            stats = java.util.Optional.of(driver.nodeStats());
        } catch (org.iaasengine.core.CommandException e) {
            if (e.category() != org.iaasengine.core.FailureCategory.INVALID_INPUT) {
                throw e;
            }
            stats = java.util.Optional.empty(); // the driver does not support node statistics
        }
        List<DomainSummary> all = driver.listDomains();
        int active = (int) all.stream().filter(d -> d.state().isActive()).count();
        return new Result(stats, active, all.size());
    }

    /** It only reads (or changes this process's model): nothing of it outlives a crash. */
    @Override
    public boolean effects() {
        return false;
    }
}
