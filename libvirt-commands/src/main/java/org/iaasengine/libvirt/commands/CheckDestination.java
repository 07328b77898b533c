package org.iaasengine.libvirt.commands;

import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * Refuses (CONFLICT) a migration whose destination already holds another VM of the same name
 * (another UUID): libvirt would refuse it too, but only after the source had started sending, and a
 * redo would take that VM for the migrated one. Returns whether the destination has no domain of
 * that name. Nothing to revert.
 *
 * <pre>{@code
 * .step(DESTINATION_FREE, new CheckDestination(to.driver(), to.name(), "web1", LOCATED))
 * }</pre>
 */
public final class CheckDestination implements Command<Boolean> {
    private final LibvirtDriver destination;
    private final String destinationHost;
    private final String name;
    private final Key<LocateVm.Placement> located;

    /** Checks {@code destination} (model name {@code destinationHost}) for VM {@code name} found at {@code located}. */
    public CheckDestination(LibvirtDriver destination, String destinationHost, String name,
            Key<LocateVm.Placement> located) {
        this.destination = destination;
        this.destinationHost = destinationHost;
        this.name = name;
        this.located = located;
    }

    @Override
    public Boolean execute(CommandContext ctx) {
        LocateVm.Placement placement = ctx.get(located);
        Optional<DomainSummary> there = destination.lookup(name);
        if (there.isPresent() && !placement.sameVm(there.get())) {
            throw new CommandException(FailureCategory.CONFLICT, "vm '" + name + "' cannot move to host '"
                    + destinationHost + "': another vm of that name (uuid " + there.get().uuid() + ") is there");
        }
        return there.isEmpty();
    }

    /** It only reads (or changes this process's model): nothing of it outlives a crash. */
    @Override
    public boolean effects() {
        return false;
    }
}
