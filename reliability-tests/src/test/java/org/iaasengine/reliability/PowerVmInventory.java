package org.iaasengine.reliability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iaasengine.model.Vm;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.iaasengine.powervm.spec.ConfigDrive;
import org.iaasengine.powervm.simulator.SimSnapshot;
import org.iaasengine.powervm.sync.LparStates;

/**
 * The exact inventory a PowerVM VM of the fault campaign must have on the simulator, and what the
 * simulator holds that no VM accounts for. Every VM the campaign makes is spawned with one boot
 * disk and one network or more: so each VM in the model has exactly the client network
 * adapters of its MACs in the model (one each, no adapter the model does not list, each MAC of the
 * model on an adapter; {@link org.iaasengine.powervm.simulator.PowerVmSimulator#adapterMacs()}), exactly one
 * boot disk (a virtual disk {@code b_<name>} or a logical unit {@code boot_<name>}, not both, not
 * two), exactly one vSCSI mapping of that disk, and no second mapping of any storage or FC port;
 * each cached image exists at most once; no job runs on once the action is over. The source LPAR of
 * a pending cold migration ({@code <vm>-src}), and its target renamed {@code <vm>-tgt} by a revert
 * that failed half-way, each have one mapping of the shared boot unit of {@code <vm>} and own no disk
 * while another holder of it is in the model. Objects of an LPAR
 * the model does not know are leftovers as before.
 *
 * <pre>{@code
 * List<String> wrong = PowerVmInventory.check(sim.snapshot(), model.snapshot().vms(), sim.adapterMacs());
 * }</pre>
 */
final class PowerVmInventory {
    private PowerVmInventory() {
    }

    /** The boot disk name of {@code vm} on the local-disk driver ({@code b_} and at most 13 characters). */
    static String localBootDisk(String vm) {
        return "b_" + vm.substring(0, Math.min(13, vm.length()));
    }

    /**
     * Each departure from the exact inventory, as {@code kind:what}: lpar, adapter, disk, mapping and
     * job for what is there and should not be (a leftover, a duplicate), missing for what a VM should
     * have and has not.
     */
    static List<String> check(SimSnapshot snap, Map<String, Vm> vms, Map<String, List<String>> macs) {
        return check(snap, vms, macs, Map.of());
    }

    /**
     * What a VM of the campaign has for storage beyond the defaults (a local boot disk, any volume
     * mappings): whether it boots from a local disk, and the exact volume mappings it must have,
     * as {@code vios:vm->device} (vSCSI hdisk or NPIV port), each once.
     *
     * @param localBoot whether it has a boot disk of the disk driver (false: boot from volume)
     * @param volumes   its volume mappings, each exactly once, on every VIOS that serves it
     */
    record Storage(boolean localBoot, List<String> volumes) {
    }

    /** {@link #check(SimSnapshot, Map, Map)} with the storage {@code storage} says for the VMs it names. */
    static List<String> check(SimSnapshot snap, Map<String, Vm> vms, Map<String, List<String>> macs,
            Map<String, Storage> storage) {
        List<String> out = new ArrayList<>();
        Set<String> known = vms.keySet();
        for (Map.Entry<String, String> lpar : snap.lpars().entrySet()) {
            if (!known.contains(lpar.getKey())) {
                out.add("lpar:" + lpar.getKey() + "(" + lpar.getValue() + ")");
            }
        }
        Map<String, Integer> adapters = count(snap.adapters(), a -> a.substring(0, a.indexOf('/')));
        adapters.forEach((lpar, n) -> {
            if (!known.contains(lpar)) {
                out.add("adapter:" + n + " of " + lpar);
            }
        });
        for (Vm vm : vms.values()) {
            if (!snap.lpars().containsKey(vm.name())) {
                continue;
            }
            List<String> model = vm.macs();
            List<String> there = macs.getOrDefault(vm.name(), List.of()).stream().map(LparStates::mac).toList();
            if (model.isEmpty()) {
                out.add("missing:" + vm.name() + " has no network in the model");
            }
            List<String> extra = new ArrayList<>(there);
            model.forEach(extra::remove);
            List<String> lacking = new ArrayList<>(model);
            there.forEach(lacking::remove);
            extra.forEach(m -> out.add("adapter:" + vm.name() + " has adapter " + m + " the model does not list"));
            lacking.forEach(m -> out.add("missing:" + vm.name() + " has no adapter for its MAC " + m));
        }
        List<String> disks = new ArrayList<>();
        snap.virtualDisks().stream().filter(d -> !d.startsWith("i_")).forEach(disks::add);
        snap.logicalUnits().stream().filter(d -> !d.startsWith("image_")).forEach(disks::add);
        rescueDisks(snap, vms, disks, out);
        Map<String, Integer> diskCount = count(disks, d -> d);
        diskCount.forEach((d, n) -> {
            String owner = ownerOf(d, known);
            if (owner == null) {
                out.add("disk:" + d);
            } else if (n > 1) {
                out.add("disk:" + d + " exists " + n + " times");
            }
        });
        count(snap.virtualDisks().stream().filter(d -> d.startsWith("i_")).toList(), d -> d).forEach((d, n) -> {
            if (n > 1) {
                out.add("disk:image " + d + " cached " + n + " times");
            }
        });
        count(snap.logicalUnits().stream().filter(d -> d.startsWith("image_")).toList(), d -> d).forEach((d, n) -> {
            if (n > 1) {
                out.add("disk:image " + d + " cached " + n + " times");
            }
        });
        for (String vm : known) {
            long boot = disks.stream().filter(d -> vm.equals(ownerOf(d, known))).count();
            long want = storage.containsKey(vm) && !storage.get(vm).localBoot() ? 0 : 1;
            if (isMigrationAlias(vm) && (known.contains(base(vm))
                    || vm.endsWith("-tgt") && known.contains(base(vm) + "-src"))) {
                want = 0; // the migrated VM owns the shared unit
            }
            if (snap.lpars().containsKey(vm) && boot != want) {
                out.add((boot > want ? "disk:" : "missing:") + vm + " has " + boot + " boot disks");
            }
        }
        mappings(snap, known, storage, out);
        snap.runningJobs().forEach(j -> out.add("job:" + j + " still runs after the action"));
        return out;
    }

    /**
     * What the image uploads left that they should not: a File of the REST File API still on the
     * server (each must be deleted after use), and an image cache disk or unit named in
     * {@code uploaded} (cache name → the SHA-256 of the image's bits) that exists without holding
     * exactly those bytes (a partial upload), as {@code file:} and {@code disk:} entries.
     */
    static List<String> checkUploads(PowerVmSimulator sim, Map<String, String> uploaded) {
        List<String> out = new ArrayList<>();
        sim.files().forEach(f -> out.add("file:" + f + " still on the server"));
        SimSnapshot snap = sim.snapshot();
        uploaded.forEach((cache, sha) -> {
            if (snap.virtualDisks().contains(cache) || snap.logicalUnits().contains(cache)) {
                java.util.Optional<String> held = sim.diskSha256(cache);
                if (!held.equals(java.util.Optional.of(sha))) {
                    out.add("disk:image " + cache + " is partial (holds " + held.orElse("no bytes") + ")");
                }
            }
        });
        return out;
    }

    /**
     * What the configuration drives left that they should not: an optical medium of a VIOS that is
     * not the drive ({@code cfg_<vm>}) of a VM the model knows and the simulator runs, as
     * {@code media:}; with {@code expectDrive} (every VM was spawned with a drive), a VM without its
     * medium or without exactly one mapping of it, as {@code missing:} or {@code mapping:}.
     */
    static List<String> checkMedia(PowerVmSimulator sim, Map<String, Vm> vms, boolean expectDrive) {
        List<String> out = new ArrayList<>();
        SimSnapshot snap = sim.snapshot();
        List<String> media = new ArrayList<>();
        for (String vios : List.of("vios-a", "vios-b")) {
            sim.opticalMedia(vios).forEach(m -> media.add(vios + ":" + m));
        }
        for (String m : media) {
            String name = m.substring(m.indexOf(':') + 1);
            boolean owned = vms.keySet().stream().anyMatch(vm -> ConfigDrive.mediaName(vm).equals(name)
                    && snap.lpars().containsKey(vm));
            if (!owned) {
                out.add("media:" + m);
            }
        }
        if (expectDrive) {
            for (String vm : vms.keySet()) {
                if (!snap.lpars().containsKey(vm)) {
                    continue;
                }
                String cfg = ConfigDrive.mediaName(vm);
                if (media.stream().noneMatch(m -> m.endsWith(":" + cfg))) {
                    out.add("missing:" + vm + " has no configuration drive");
                }
                long maps = snap.scsiMappings().stream().filter(x -> x.endsWith(":" + vm + "->" + cfg)).count();
                if (maps != 1) {
                    out.add((maps > 1 ? "mapping:" : "missing:") + vm + " has " + maps + " mappings of " + cfg);
                }
            }
        }
        return out;
    }

    /**
     * What a snapshot left in its directory {@code dir} (removed afterwards): after success exactly
     * the image file {@code web1-snap.raw}, after a failure nothing (a partial or finished image is
     * {@code image:}).
     */
    static List<String> checkSnapshot(java.nio.file.Path dir, boolean succeeded) {
        List<String> out = new ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
            if (succeeded ? !names.equals(List.of("web1-snap.raw")) : !names.isEmpty()) {
                out.add("image:" + names + " in the snapshot directory after " + (succeeded ? "success" : "failure"));
            }
            for (String n : names) {
                java.nio.file.Files.delete(dir.resolve(n));
            }
            java.nio.file.Files.delete(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    private static void mappings(SimSnapshot snap, Set<String> known, Map<String, Storage> storage,
            List<String> out) {
        List<String> all = new ArrayList<>(snap.scsiMappings());
        all.addAll(snap.fcMappings());
        count(all, m -> m).forEach((m, n) -> {
            String lpar = m.substring(m.indexOf(':') + 1, m.indexOf("->"));
            if (!known.contains(lpar)) {
                out.add("mapping:" + m);
            } else if (n > 1) {
                out.add("mapping:" + m + " exists " + n + " times");
            }
        });
        for (String vm : known) {
            long bootMappings = snap.scsiMappings().stream()
                    .filter(m -> m.substring(m.indexOf(':') + 1, m.indexOf("->")).equals(vm))
                    .map(m -> m.substring(m.indexOf("->") + 2)).filter(d -> vm.equals(ownerOf(d, Set.of(vm))))
                    .count();
            long want = storage.containsKey(vm) && !storage.get(vm).localBoot() ? 0 : 1;
            if (snap.lpars().containsKey(vm) && bootMappings != want) {
                out.add((bootMappings > want ? "mapping:" : "missing:") + vm + " has " + bootMappings
                        + " mappings of its boot disk");
            }
            if (storage.containsKey(vm) && snap.lpars().containsKey(vm)) {
                List<String> there = new ArrayList<>();
                for (String m : all) {
                    String lpar = m.substring(m.indexOf(':') + 1, m.indexOf("->"));
                    if (lpar.equals(vm) && !vm.equals(ownerOf(m.substring(m.indexOf("->") + 2), Set.of(vm)))) {
                        there.add(m);
                    }
                }
                List<String> extra = new ArrayList<>(there);
                storage.get(vm).volumes().forEach(extra::remove);
                List<String> lacking = new ArrayList<>(storage.get(vm).volumes());
                there.forEach(lacking::remove);
                extra.forEach(m -> out.add("mapping:" + m + " is not one of the volume paths of " + vm));
                lacking.forEach(m -> out.add("missing:" + vm + " lacks the volume path " + m));
            }
        }
    }

    /**
     * The rescue disks ({@code r_<vm>}, {@code rescue_<vm>}) of the VMs in rescue (the model's
     * {@code definitionRef} names one): each such VM has its rescue disk once and exactly one
     * mapping of it; those disks are taken out of {@code disks} (a rescue disk of a VM not in rescue
     * stays there, a leftover).
     */
    private static void rescueDisks(SimSnapshot snap, Map<String, Vm> vms, List<String> disks, List<String> out) {
        for (Vm vm : vms.values()) {
            String ref = vm.definitionRef();
            if (ref == null || !(ref.startsWith("r_") || ref.startsWith("rescue_")) || !snap.lpars().containsKey(vm.name())) {
                continue;
            }
            long n = disks.stream().filter(ref::equals).count();
            disks.removeIf(ref::equals);
            if (n != 1) {
                out.add((n > 1 ? "disk:" : "missing:") + vm.name() + " in rescue has " + n + " rescue disks " + ref);
            }
            long maps = snap.scsiMappings().stream().filter(m -> m.endsWith(":" + vm.name() + "->" + ref)).count();
            if (maps != 1) {
                out.add((maps > 1 ? "mapping:" : "missing:") + vm.name() + " in rescue has " + maps + " mappings of "
                        + ref);
            }
        }
    }

    /**
     * The VM a boot disk name belongs to, or null. A VM named {@code <x>-src} is the source LPAR of
     * a cold migration of {@code x} waiting for confirm or revert: it uses the shared boot unit of
     * {@code x}, which is its own when {@code x} is not among {@code vms}.
     */
    private static String ownerOf(String disk, Set<String> vms) {
        for (String vm : vms) {
            if (disk.equals(localBootDisk(vm)) || disk.equals("boot_" + vm)) {
                return vm;
            }
        }
        for (String suffix : List.of("-src", "-tgt")) {
            for (String vm : vms) {
                if (vm.endsWith(suffix) && disk.equals("boot_" + base(vm))) {
                    return vm;
                }
            }
        }
        return null;
    }

    /** {@code <x>-src} (a cold migration's source) or {@code <x>-tgt} (its target during a revert). */
    private static boolean isMigrationAlias(String vm) {
        return vm.endsWith("-src") || vm.endsWith("-tgt");
    }

    private static String base(String vm) {
        return vm.substring(0, vm.length() - 4);
    }

    private static Map<String, Integer> count(List<String> items, java.util.function.Function<String, String> key) {
        Map<String, Integer> out = new HashMap<>();
        items.forEach(i -> out.merge(key.apply(i), 1, Integer::sum));
        return out;
    }
}
