package org.iaasengine.libvirt.devices;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Results;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.store.StoredDefinition;
import org.iaasengine.libvirt.xml.DeviceXml;

/**
 * Keeps the definition store's copy of a VM's domain XML in step with a hot-plug: adds the device
 * after an attach, removes it after a detach. A transient VM started again from the store (a
 * poweron after a poweroff, a host's restart) then has the devices it had; a persistent VM's
 * stored copy agrees with libvirt's. Returns true if it changed the stored definition; a VM the
 * store does not keep (not created by this library) is left alone ({@code false}). Idempotent;
 * revert does the opposite of what it did.
 *
 * <pre>{@code
 * .step(STORED, new StoreDevice(host.store(), "web1", disk, StoreDevice.Change.ADD))
 * }</pre>
 */
public final class StoreDevice implements Command<Boolean> {
    /** What the hot-plug did. */
    public enum Change {
        ADD, REMOVE
    }

    private final DefinitionStore store;
    private final String vm;
    private final Function<Results, Device> device;
    private final Change change;

    public StoreDevice(DefinitionStore store, String vm, Device device, Change change) {
        this(store, vm, r -> device, change);
    }

    public StoreDevice(DefinitionStore store, String vm, Function<Results, Device> device, Change change) {
        this.store = Objects.requireNonNull(store, "store");
        this.vm = vm;
        this.device = Objects.requireNonNull(device, "device");
        this.change = Objects.requireNonNull(change, "change");
    }

    @Override
    public Boolean execute(CommandContext ctx) {
        return apply(device.apply(ctx), change);
    }

    @Override
    public void revert(CommandContext ctx, Boolean changed) {
        apply(device.apply(ctx), change == Change.ADD ? Change.REMOVE : Change.ADD);
    }

    @Override
    public boolean needsRevert(Boolean changed) {
        return Boolean.TRUE.equals(changed);
    }

    private boolean apply(Device d, Change c) {
        Optional<StoredDefinition> stored = store.get(vm);
        if (stored.isEmpty()) {
            return false;
        }
        String xml = stored.get().domainXml();
        Optional<String> found = d.sourceIn(xml);
        if (c == Change.ADD && found.filter(d::sameAs).isPresent() || c == Change.REMOVE && found.isEmpty()) {
            return false;
        }
        String changed;
        if (c == Change.ADD) {
            changed = DeviceXml.withDevice(xml, d.xml());
        } else if (d.kind() == Device.Kind.DISK) {
            changed = DeviceXml.withoutDisk(xml, d.key());
        } else {
            changed = DeviceXml.withoutNic(xml, d.key());
        }
        store.put(stored.get().withDomainXml(changed));
        return true;
    }
}
