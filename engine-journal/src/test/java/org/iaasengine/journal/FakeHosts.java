package org.iaasengine.journal;

import com.google.common.reflect.TypeToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.iaasengine.core.Action;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Key;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRegistry;
import org.iaasengine.request.ActionRequest;

/**
 * Hosts for the journal's tests: each a set of things that exist on it ("disk:web1"), which the
 * test plans make and remove, so a test sees exactly what a run and its recovery left. A host can
 * be made to stop answering.
 */
final class FakeHosts {
    final Map<String, Set<String>> things;
    final Set<String> down;
    final List<String> calls;
    /** Set when the process this view belongs to is taken as dead: it touches nothing any more. */
    final java.util.concurrent.atomic.AtomicBoolean dead = new java.util.concurrent.atomic.AtomicBoolean();

    FakeHosts(String... hosts) {
        this(new ConcurrentHashMap<>(), ConcurrentHashMap.newKeySet(), Collections.synchronizedList(new ArrayList<>()));
        for (String h : hosts) {
            things.put(h, ConcurrentHashMap.newKeySet());
        }
    }

    private FakeHosts(Map<String, Set<String>> things, Set<String> down, List<String> calls) {
        this.things = things;
        this.down = down;
        this.calls = calls;
    }

    /** The same hosts, as another process sees them (with a life of its own). */
    FakeHosts nextProcess() {
        return new FakeHosts(things, down, calls);
    }

    /** Everything on every host, as "host/thing", sorted. */
    java.util.SortedSet<String> all() {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        things.forEach((h, set) -> set.forEach(t -> out.add(h + "/" + t)));
        return out;
    }

    Set<String> on(String host) {
        if (dead.get()) {
            throw new IllegalStateException("this process is dead");
        }
        Set<String> s = things.get(host);
        if (s == null) {
            throw CommandException.notFound("no host named '" + host + "' here");
        }
        if (down.contains(host)) {
            throw new CommandException(FailureCategory.TRANSIENT, "host " + host + " does not answer");
        }
        return s;
    }

    /** A result record, to show results come back typed. */
    record Made(String thing, Path path) {
    }

    static final Key<Made> DISK = Key.of("disk", Made.class);
    static final Key<Optional<String>> CONFIG = Key.of("config", new TypeToken<Optional<String>>() {
    });
    static final Key<Boolean> STARTED = Key.of("started", Boolean.class);

    /** Makes {@code thing} on the host; reverts by removing it; a failed make removes it if it is there. */
    final class Make implements Command<Made> {
        private final String host;
        private final String thing;

        Make(String host, String thing) {
            this.host = host;
            this.thing = thing;
        }

        @Override
        public Made execute(CommandContext ctx) {
            Set<String> h = on(host);
            calls.add("make " + thing);
            if (!h.add(thing)) {
                throw new CommandException(FailureCategory.CONFLICT, thing + " exists already on " + host);
            }
            return new Made(thing, Path.of("/var/tmp", thing));
        }

        @Override
        public void revert(CommandContext ctx, Made made) {
            Set<String> h = on(host);
            calls.add("unmake " + made.thing());
            h.remove(made.thing());
        }

        @Override
        public void revertFailed(CommandContext ctx, Throwable failure) {
            Set<String> h = on(host);
            calls.add("undo-failed " + thing);
            h.remove(thing);
        }

        @Override
        public String name() {
            return "Make[" + thing + "]";
        }

        /** This command with a Boolean result (the start step's). */
        Command<Boolean> asBoolean() {
            Make make = this;
            return new Command<>() {
                @Override
                public Boolean execute(CommandContext ctx) {
                    make.execute(ctx);
                    return true;
                }

                @Override
                public void revert(CommandContext ctx, Boolean started) {
                    make.revert(ctx, new Made(thing, Path.of("/var/tmp", thing)));
                }

                @Override
                public void revertFailed(CommandContext ctx, Throwable failure) {
                    make.revertFailed(ctx, failure);
                }

                @Override
                public String name() {
                    return "Start";
                }
            };
        }
    }

    /** Writes a config thing, returning the one it replaced (an {@code Optional<String>}). */
    final class Configure implements Command<Optional<String>> {
        private final String host;
        private final String vm;

        Configure(String host, String vm) {
            this.host = host;
            this.vm = vm;
        }

        @Override
        public Optional<String> execute(CommandContext ctx) {
            Set<String> h = on(host);
            calls.add("configure " + vm);
            h.add("config:" + vm);
            return Optional.of("previous-" + vm);
        }

        @Override
        public void revert(CommandContext ctx, Optional<String> previous) {
            Set<String> h = on(host);
            calls.add("unconfigure " + vm + " back to " + previous.orElseThrow());
            h.remove("config:" + vm);
        }

        @Override
        public void revertFailed(CommandContext ctx, Throwable failure) {
            Set<String> h = on(host);
            calls.add("undo-failed config:" + vm);
            h.remove("config:" + vm);
        }

        @Override
        public String name() {
            return "Configure";
        }
    }

    /** Removes {@code thing}; safe to run again (it is gone already: done). */
    final class Remove implements Command<Boolean> {
        private final String host;
        private final String thing;

        Remove(String host, String thing) {
            this.host = host;
            this.thing = thing;
        }

        @Override
        public Boolean execute(CommandContext ctx) {
            Set<String> h = on(host);
            calls.add("remove " + thing);
            return h.remove(thing);
        }

        @Override
        public String name() {
            return "Remove[" + thing + "]";
        }
    }

    /** Create {@code vm} on {@code host}: a disk, a config, a start. */
    record CreateReq(String host, String vm) implements ActionRequest {
        public String action() {
            return "create";
        }

        public ResourceKey resource() {
            return ResourceKey.vm(vm);
        }
    }

    /** Delete {@code vm}: resumable. */
    record DeleteReq(String host, String vm) implements ActionRequest {
        public String action() {
            return "delete";
        }

        public ResourceKey resource() {
            return ResourceKey.vm(vm);
        }
    }

    private void known(String host) {
        if (!things.containsKey(host)) {
            throw CommandException.notFound("no host named '" + host + "' here");
        }
    }

    Action<Void> create(CreateReq r) {
        known(r.host());
        return Action.<Void>builder("create", r.resource().toString()).request(r)
                .step(DISK, new Make(r.host(), "disk:" + r.vm()))
                .step(CONFIG, new Configure(r.host(), r.vm()))
                .step(STARTED, new Make(r.host(), "running:" + r.vm()).asBoolean())
                .build();
    }

    Action<Void> delete(DeleteReq r) {
        known(r.host());
        return Action.<Void>builder("delete", r.resource().toString()).request(r).resumable()
                .step(Key.of("stopped", Boolean.class), new Remove(r.host(), "running:" + r.vm()))
                .step(Key.of("unconfigured", Boolean.class), new Remove(r.host(), "config:" + r.vm()))
                .step(Key.of("disk-gone", Boolean.class), new Remove(r.host(), "disk:" + r.vm()))
                .build();
    }

    ActionRegistry<FakeHosts> registry() {
        return ActionRegistry.<FakeHosts>builder()
                .register("create", CreateReq.class, (hosts, r) -> hosts.create(r))
                .register("delete", DeleteReq.class, (hosts, r) -> hosts.delete(r))
                .build();
    }
}
