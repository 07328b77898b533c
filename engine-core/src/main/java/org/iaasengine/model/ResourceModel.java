package org.iaasengine.model;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory model of hosts and VMs, kept true to what the hypervisors run. Thread-safe: every
 * write is atomic (several changes in one {@link #update} are seen together), readers get
 * consistent immutable {@link #snapshot() snapshots}, and listeners see each change in order.
 *
 * <p>An action that works on a VM {@link #claim claims} it with a transitional state (STARTING,
 * STOPPING, MIGRATING...); while it is owned, {@link #observe observations} from a sync do not
 * overwrite its state. The action {@link #release releases} it when it ends.
 *
 * <pre>{@code
 * ResourceModel model = new ResourceModel();
 * model.putVm(Vm.builder("web1").host("a").state(VmState.SHUTOFF).build());
 * Vm before = model.claim("web1", actionId, VmState.STARTING);
 * ...
 * model.release("web1", actionId, vm -> vm.withState(VmState.RUNNING));
 * }</pre>
 */
public final class ResourceModel {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceModel.class);

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Host> hosts = new HashMap<>();
    private final Map<String, Vm> vms = new HashMap<>();
    private final Map<String, Volume> volumes = new HashMap<>();
    private final List<ModelListener> listeners = new CopyOnWriteArrayList<>();
    private long version;
    private volatile ModelSnapshot cached;

    /** An empty model. */
    public ResourceModel() {
    }

    // ---------------------------------------------------------------- reading

    /** A consistent view of the whole model (cached until the next write). */
    public ModelSnapshot snapshot() {
        ModelSnapshot s = cached;
        if (s != null) {
            return s;
        }
        lock.readLock().lock();
        try {
            s = new ModelSnapshot(version, hosts, vms, volumes);
            cached = s;
            return s;
        } finally {
            lock.readLock().unlock();
        }
    }

    public Optional<Vm> vm(String name) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(vms.get(name));
        } finally {
            lock.readLock().unlock();
        }
    }

    public Optional<Volume> volume(String id) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(volumes.get(id));
        } finally {
            lock.readLock().unlock();
        }
    }

    public Optional<Host> host(String name) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(hosts.get(name));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The current version; every write that changes something increments it. */
    public long version() {
        lock.readLock().lock();
        try {
            return version;
        } finally {
            lock.readLock().unlock();
        }
    }

    public void addListener(ModelListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(ModelListener listener) {
        listeners.remove(listener);
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes several changes atomically: readers see all of them or none. If {@code changes}
     * throws, everything it wrote is undone, listeners hear nothing, and the exception propagates.
     */
    public void update(Consumer<Mutation> changes) {
        lock.writeLock().lock();
        try {
            Mutation m = new Mutation();
            try {
                changes.accept(m);
            } catch (RuntimeException | Error e) {
                m.rollback();
                throw e;
            }
            m.commit();
        } finally {
            lock.writeLock().unlock();
        }
    }

    public void putHost(Host host) {
        update(m -> m.putHost(host));
    }

    public void removeHost(String name) {
        update(m -> m.removeHost(name));
    }

    /** Adds or replaces a VM as given (an action's own write; ownership as in {@code vm}). */
    public void putVm(Vm vm) {
        update(m -> m.putVm(vm));
    }

    public void removeVm(String name) {
        update(m -> m.removeVm(name));
    }

    public void putVolume(Volume volume) {
        update(m -> m.putVolume(volume));
    }

    public void removeVolume(String id) {
        update(m -> m.removeVolume(id));
    }

    /**
     * Claims a volume for an action: sets the owner and a transitional state, and returns the volume
     * as it was.
     *
     * @throws CommandException NOT_FOUND if the model has no such volume; CONFLICT if another action
     *                          owns it
     */
    public Volume claimVolume(String id, String owner, VolumeState transitional) {
        Objects.requireNonNull(owner, "owner");
        Preconditions.checkArgument(transitional.isTransitional(), "claim needs a transitional state, got %s",
                transitional);
        Volume[] before = new Volume[1];
        update(m -> {
            Volume current = m.volume(id)
                    .orElseThrow(() -> CommandException.notFound("volume '" + id + "' is not in the model"));
            if (current.owner() != null && !current.owner().equals(owner)) {
                throw new CommandException(FailureCategory.CONFLICT,
                        "volume '" + id + "' is owned by action " + current.owner() + " (" + current.state() + ")");
            }
            before[0] = current;
            m.putVolume(current.withState(transitional).withOwner(owner));
        });
        return before[0];
    }

    /** Releases a volume an action owns, writing its final form; nothing if another owns it or it is gone. */
    public void releaseVolume(String id, String owner, UnaryOperator<Volume> finalForm) {
        update(m -> m.volume(id).ifPresent(current -> {
            if (owner.equals(current.owner())) {
                m.putVolume(finalForm.apply(current).withOwner(null));
            }
        }));
    }

    /**
     * Claims a VM for an action: sets the owner and a transitional state, and returns the VM as it
     * was, so the action can restore it on revert.
     *
     * @throws CommandException NOT_FOUND if the model has no such VM; CONFLICT if another action
     *                          owns it
     */
    public Vm claim(String name, String owner, VmState transitional) {
        return claim(name, null, owner, transitional);
    }

    /**
     * Claims a VM for an action on a given host: as {@link #claim(String, String, VmState)}, and in the
     * same atomic update checks that the model places the VM on {@code host}, so an action given the
     * wrong host changes nothing.
     *
     * @param host the host the action was given; {@code null} for any
     * @throws CommandException NOT_FOUND if the model has no such VM; CONFLICT if another action
     *                          owns it or the model places it on another host (the message names both)
     */
    public Vm claim(String name, String host, String owner, VmState transitional) {
        Objects.requireNonNull(owner, "owner");
        Preconditions.checkArgument(transitional.isTransitional(), "claim needs a transitional state, got %s",
                transitional);
        Vm[] before = new Vm[1];
        update(m -> {
            Vm current = m.vm(name).orElseThrow(() -> CommandException.notFound("vm '" + name + "' is not in the model"));
            if (host != null && current.host() != null && !current.host().equals(host)) {
                throw new CommandException(FailureCategory.CONFLICT, "vm '" + name + "' is not on host '" + host
                        + "': the resource model places it on host '" + current.host() + "'; nothing was done");
            }
            if (current.owner() != null && !current.owner().equals(owner)) {
                throw new CommandException(FailureCategory.CONFLICT,
                        "vm '" + name + "' is owned by action " + current.owner() + " (" + current.state() + ")");
            }
            before[0] = current;
            m.putVm(current.withState(transitional).withOwner(owner));
        });
        return before[0];
    }

    /**
     * Releases a VM an action owns, writing its final form. Does nothing if another owner holds it
     * or the VM is gone.
     */
    public void release(String name, String owner, UnaryOperator<Vm> finalForm) {
        update(m -> m.vm(name).ifPresent(current -> {
            if (owner.equals(current.owner())) {
                m.putVm(finalForm.apply(current).withOwner(null));
            }
        }));
    }

    /**
     * Applies what a hypervisor reports about a VM. If an action owns the VM, its transitional state
     * and owner are kept and only the other facts are taken (its {@link VmStatus status} too); a VM
     * in {@link VmState#HALTING} stays so while the host still runs it; otherwise the observation replaces the
     * VM, keeping the model-only facts (IP, definition reference) the observation lacks.
     */
    public void observe(Vm observed) {
        update(m -> m.observe(observed));
    }

    /** The writes allowed inside {@link #update}; each records its change for the listeners. */
    public final class Mutation {
        private final List<Runnable> undo = new ArrayList<>();
        private final List<java.util.function.LongFunction<ModelChange>> pending = new ArrayList<>();

        private Mutation() {
        }

        private void rollback() {
            for (int i = undo.size() - 1; i >= 0; i--) {
                undo.get(i).run();
            }
        }

        private void commit() {
            for (java.util.function.LongFunction<ModelChange> change : pending) {
                version++;
                cached = null;
                ModelChange c = change.apply(version);
                for (ModelListener l : listeners) {
                    try {
                        l.onChange(c);
                    } catch (RuntimeException e) {
                        LOG.warn("model listener {} threw on {}; ignored", l, c, e);
                    }
                }
            }
        }

        public Optional<Vm> vm(String name) {
            return Optional.ofNullable(vms.get(name));
        }

        public Optional<Host> host(String name) {
            return Optional.ofNullable(hosts.get(name));
        }

        /** All VMs, as they are inside this write. */
        public List<Vm> vms() {
            return new ArrayList<>(vms.values());
        }

        public void putHost(Host host) {
            Objects.requireNonNull(host, "host");
            Host before = hosts.put(host.name(), host);
            if (host.equals(before)) {
                return;
            }
            undo.add(() -> restore(hosts, host.name(), before));
            pending.add(before == null ? v -> new ModelChange.HostAdded(v, host)
                    : v -> new ModelChange.HostUpdated(v, before, host));
        }

        public void removeHost(String name) {
            Host before = hosts.remove(name);
            if (before != null) {
                undo.add(() -> hosts.put(name, before));
                pending.add(v -> new ModelChange.HostRemoved(v, before));
            }
        }

        public void putVm(Vm vm) {
            Objects.requireNonNull(vm, "vm");
            Vm before = vms.put(vm.name(), vm);
            if (vm.equals(before)) {
                return;
            }
            undo.add(() -> restore(vms, vm.name(), before));
            pending.add(before == null ? v -> new ModelChange.VmAdded(v, vm)
                    : v -> new ModelChange.VmUpdated(v, before, vm));
        }

        public void removeVm(String name) {
            Vm before = vms.remove(name);
            if (before != null) {
                undo.add(() -> vms.put(name, before));
                pending.add(v -> new ModelChange.VmRemoved(v, before));
            }
        }

        public Optional<Volume> volume(String id) {
            return Optional.ofNullable(volumes.get(id));
        }

        /** All volumes, as they are inside this write. */
        public List<Volume> volumes() {
            return new ArrayList<>(volumes.values());
        }

        public void putVolume(Volume volume) {
            Objects.requireNonNull(volume, "volume");
            Volume before = volumes.put(volume.id(), volume);
            if (volume.equals(before)) {
                return;
            }
            undo.add(() -> restore(volumes, volume.id(), before));
            pending.add(before == null ? v -> new ModelChange.VolumeAdded(v, volume)
                    : v -> new ModelChange.VolumeUpdated(v, before, volume));
        }

        public void removeVolume(String id) {
            Volume before = volumes.remove(id);
            if (before != null) {
                undo.add(() -> volumes.put(id, before));
                pending.add(v -> new ModelChange.VolumeRemoved(v, before));
            }
        }

        public void observe(Vm observed) {
            Vm current = vms.get(observed.name());
            if (current == null) {
                putVm(observed.withOwner(null));
                return;
            }
            Vm.Builder merged = observed.toBuilder()
                    .ip(observed.ip() != null ? observed.ip() : current.ip())
                    .definitionRef(observed.definitionRef() != null ? observed.definitionRef() : current.definitionRef())
                    .owner(current.owner());
            if (current.owner() != null && current.state().isTransitional()) {
                merged.state(current.state()).host(current.host()).status(observed.status());
            } else if (current.state() == VmState.HALTING && observed.status() == VmStatus.ONLINE) {
                // A soft power-off is pending: the guest still runs until it goes down by itself.
                merged.state(VmState.HALTING).status(VmStatus.ONLINE);
            }
            putVm(merged.build());
        }

        private <V> void restore(Map<String, V> map, String key, V before) {
            if (before == null) {
                map.remove(key);
            } else {
                map.put(key, before);
            }
        }
    }
}
