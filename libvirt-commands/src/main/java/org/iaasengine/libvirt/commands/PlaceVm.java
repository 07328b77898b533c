package org.iaasengine.libvirt.commands;

import java.util.Objects;
import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.store.StoredDefinition;

/**
 * Gives a VM back a host before it is powered on: a VM that {@code stop} released (its stored
 * definition names no host) is recorded in the definition store for {@code host}, and a persistent
 * one that the host does not define is defined there from the stored XML. A VM already placed here
 * and defined is left as it is. Revert undefines what this command defined and releases the host
 * again; a define whose reply was lost is undone when the domain it may have made is there.
 *
 * <pre>{@code
 * .step(PLACED, new PlaceVm(driver, store, "host-a", "web1"))
 * .step(STARTED, new StartVm(driver, store, "host-a", "web1"))
 * }</pre>
 */
public final class PlaceVm implements Command<PlaceVm.Placed> {

    /**
     * What was done.
     *
     * @param hostSet whether the store's definition got this host (it had none)
     * @param defined whether the domain was defined on the host
     */
    public record Placed(boolean hostSet, boolean defined) {
    }

    private final LibvirtDriver driver;
    private final DefinitionStore store;
    private final String host;
    private final String name;
    private volatile boolean hostSet;

    public PlaceVm(LibvirtDriver driver, DefinitionStore store, String host, String name) {
        this.driver = driver;
        this.store = store;
        this.host = Objects.requireNonNull(host, "host");
        this.name = name;
    }

    @Override
    public Placed execute(CommandContext ctx) {
        Optional<StoredDefinition> stored = store.get(name);
        if (stored.isEmpty()) {
            return new Placed(false, false); // not the library's: StartVm decides
        }
        StoredDefinition d = stored.get();
        boolean set = false;
        if (d.host() == null) {
            store.put(d.withHost(host));
            hostSet = true;
            set = true;
        }
        boolean defined = false;
        if (d.lifecycle() == Lifecycle.PERSISTENT && driver.lookup(name).isEmpty()) {
            driver.define(d.domainXml());
            defined = true;
        }
        return new Placed(set, defined);
    }

    @Override
    public void revert(CommandContext ctx, Placed placed) {
        try {
            if (placed.defined()) {
                Drivers.unlessInvalidState(() -> driver.destroy(name));
                Drivers.unlessGone(() -> driver.undefine(name));
            }
        } finally {
            // The store's part does not wait on the host's: a host that fails here is reported by the
            // engine, and the VM stays released as before (nothing placed it here).
            if (placed.hostSet()) {
                releaseHost();
            }
        }
    }

    @Override
    public boolean needsRevert(Placed placed) {
        return placed.hostSet() || placed.defined();
    }

    /** A define whose reply was lost may have defined the domain. */
    @Override
    public boolean undoesFailure(Throwable failure) {
        return true;
    }

    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) {
        try {
            Optional<StoredDefinition> d = store.get(name);
            if (d.isPresent() && d.get().lifecycle() == Lifecycle.PERSISTENT && Drivers.mayHaveMade(failure)) {
                Drivers.removeIfMade(driver, d.get(), ctx);
            }
        } finally {
            if (hostSet) {
                releaseHost();
            }
        }
    }

    private void releaseHost() {
        store.get(name).filter(d -> host.equals(d.host())).ifPresent(d -> store.put(d.withHost(null)));
        hostSet = false;
    }
}
