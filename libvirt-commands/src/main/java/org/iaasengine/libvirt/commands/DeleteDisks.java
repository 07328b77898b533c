package org.iaasengine.libvirt.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.store.StoredDefinition;

/**
 * Deletes the disk copies the library created for a VM, as listed by its stored definition, read
 * by a step before the definition was removed from the store (and only those inside the storage
 * directory; read first, so that a delete resumed after the removal still knows them), and only when that
 * definition was for the host the action runs on: a definition kept for another host is a
 * CONFLICT and nothing is deleted (another host may be running that VM on those disks; the
 * removal is reverted). Returns the files deleted. No revert: deleted data is gone, so this step
 * comes last, after the definition is gone from the store (a store that fails to remove it fails
 * the action while the disks are still there).
 *
 * <pre>{@code
 * .step(STORED, Command.reading("ReadStoredDefinition", ctx -> store.get("web1")))
 * ...
 * .step(REMOVED, new RemoveDefinition(store, "web1"))
 * .step(new DeleteDisks(STORED, storageDir, "host-a", "web1"))
 * }</pre>
 */
public final class DeleteDisks implements Command<List<String>> {
    /** How the file name of a VM's metadata drive ends (the library names it {@code <uuid>-seed.iso}). */
    public static final String SEED_SUFFIX = "-seed.iso";
    private final Key<Optional<StoredDefinition>> removed;
    private final Path storage;
    private final String host;
    private final String name;
    private final boolean seedsOnly;

    public DeleteDisks(Key<Optional<StoredDefinition>> removed, Path storage, String host, String name) {
        this(removed, storage, host, name, false);
    }

    /**
     * The same; with {@code seedsOnly} only the VM's metadata drive ({@code <uuid>-seed.iso}, made by
     * the library from its user-data, useless without the VM) is deleted and its disks are kept.
     */
    public DeleteDisks(Key<Optional<StoredDefinition>> removed, Path storage, String host, String name,
            boolean seedsOnly) {
        this.seedsOnly = seedsOnly;
        this.removed = removed;
        this.storage = storage.toAbsolutePath().normalize();
        this.host = java.util.Objects.requireNonNull(host, "host");
        this.name = name;
    }

    @Override
    public List<String> execute(CommandContext ctx) throws IOException {
        List<String> deleted = new ArrayList<>();
        Optional<StoredDefinition> stored = ctx.get(removed);
        if (seedsOnly && stored.isPresent() && stored.get().keptForAnotherHost(host)) {
            return deleted; // not this host's files; and a delete that keeps disks never failed on that
        }
        if (stored.isPresent() && stored.get().keptForAnotherHost(host)) {
            throw new CommandException(FailureCategory.CONFLICT, "disks of vm '" + name + "' not deleted: its stored"
                    + " definition is for host '" + stored.get().host() + "', not '" + host + "'");
        }
        for (String disk : stored.map(StoredDefinition::disks).orElse(List.of())) {
            Path p = Path.of(disk).toAbsolutePath().normalize();
            if (seedsOnly && !p.getFileName().toString().endsWith(SEED_SUFFIX)) {
                continue;
            }
            if (p.startsWith(storage) && Files.deleteIfExists(p)) {
                deleted.add(p.toString());
            }
        }
        return deleted;
    }
}
