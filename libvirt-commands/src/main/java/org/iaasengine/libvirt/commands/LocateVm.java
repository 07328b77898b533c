package org.iaasengine.libvirt.commands;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.store.StoredDefinition;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;

/**
 * Checks, before any side effect, that the VM an action names is on the host the caller gave: the
 * resource model and the definition store must place it there (when they know it), and the domain
 * of that name on the host, if any, must be the same VM (same UUID), not another VM that happens to
 * have the name. Any disagreement is a CONFLICT that names both hosts (or both UUIDs), so a caller
 * who passes the wrong host gets an error instead of having another host's VM, disk or definition
 * changed. No side effect, so no revert.
 *
 * <pre>{@code
 * .step(LOCATED, new LocateVm(model, "host-a", driver, store, "web1", LocateVm.Presence.ANY))
 * }</pre>
 */
public final class LocateVm implements Command<LocateVm.Placement> {

    /** What the action needs of the domain on the host. */
    public enum Presence {
        /** It may be there or not (Delete, Shutdown: "already gone" is their business). */
        ANY,
        /** A domain of that name must be on the host (the source of a migration). */
        ON_HOST
    }

    /**
     * Where the VM was found.
     *
     * @param host   the host the caller gave, which the model and the store agree with
     * @param uuid   the VM's UUID as the model, the store or the host knows it; {@code null} if none does
     * @param domain the domain of that name on the host, if any (same UUID as {@code uuid})
     */
    public record Placement(String host, String uuid, Optional<DomainSummary> domain) {
        public Placement {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(domain, "domain");
        }

        /** True if {@code other} is the same VM: same UUID, or no UUID is known to tell them apart. */
        public boolean sameVm(DomainSummary other) {
            return other.mayBe(uuid);
        }
    }

    private final ResourceModel model;
    private final String host;
    private final LibvirtDriver driver;
    private final DefinitionStore store;
    private final String name;
    private final Presence presence;

    public LocateVm(ResourceModel model, String host, LibvirtDriver driver, DefinitionStore store, String name,
            Presence presence) {
        this.model = Objects.requireNonNull(model, "model");
        this.host = Objects.requireNonNull(host, "host");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.store = Objects.requireNonNull(store, "store");
        this.name = Objects.requireNonNull(name, "name");
        this.presence = Objects.requireNonNull(presence, "presence");
    }

    @Override
    public Placement execute(CommandContext ctx) {
        Optional<Vm> known = model.vm(name);
        if (known.isPresent() && known.get().host() != null && !known.get().host().equals(host)) {
            throw wrongHost("the resource model places it on host '" + known.get().host() + "'");
        }
        Optional<StoredDefinition> stored = store.get(name);
        if (stored.isPresent() && stored.get().keptForAnotherHost(host)) {
            throw wrongHost("its stored definition is for host '" + stored.get().host() + "'");
        }
        String modelUuid = known.map(Vm::uuid).orElse(null);
        String storedUuid = stored.map(StoredDefinition::uuid).orElse(null);
        if (modelUuid != null && storedUuid != null && !modelUuid.equalsIgnoreCase(storedUuid)) {
            throw new CommandException(FailureCategory.CONFLICT, "vm '" + name + "' has uuid " + modelUuid
                    + " in the resource model but " + storedUuid + " in the definition store; sync the model");
        }
        String uuid = modelUuid != null ? modelUuid : storedUuid;
        Optional<DomainSummary> domain = driver.lookup(name);
        if (domain.isPresent() && uuid != null && domain.get().uuid() != null
                && !uuid.equalsIgnoreCase(domain.get().uuid())) {
            throw new CommandException(FailureCategory.CONFLICT, "vm '" + name + "' on host '" + host + "' ("
                    + driver.uri() + ") has uuid " + domain.get().uuid().toLowerCase(Locale.ROOT)
                    + ", but the vm '" + name + "' the library knows has uuid " + uuid.toLowerCase(Locale.ROOT)
                    + ": a different vm of the same name, left alone");
        }
        if (presence == Presence.ON_HOST && domain.isEmpty()) {
            throw CommandException.notFound("vm '" + name + "' is not on host '" + host + "' (" + driver.uri() + ")");
        }
        return new Placement(host, uuid != null ? uuid : domain.map(DomainSummary::uuid).orElse(null), domain);
    }

    private CommandException wrongHost(String where) {
        return new CommandException(FailureCategory.CONFLICT, "vm '" + name + "' is not on host '" + host + "': "
                + where + "; nothing was done");
    }

    /** It only reads (or changes this process's model): nothing of it outlives a crash. */
    @Override
    public boolean effects() {
        return false;
    }
}
