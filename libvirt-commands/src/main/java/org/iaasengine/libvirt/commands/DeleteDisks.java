package org.iaasengine.libvirt.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.libvirt.store.DefinitionStore;

/**
 * Deletes the disk copies the library created for a VM (as the definition store lists them, and
 * only those inside the storage directory). Returns the files deleted. No revert: deleted data is
 * gone, so this step comes last.
 *
 * <pre>{@code
 * .step(new DeleteDisks(store, storageDir, "web1"))
 * }</pre>
 */
public final class DeleteDisks implements Command<List<String>> {
    private final DefinitionStore store;
    private final Path storage;
    private final String name;

    public DeleteDisks(DefinitionStore store, Path storage, String name) {
        this.store = store;
        this.storage = storage.toAbsolutePath().normalize();
        this.name = name;
    }

    @Override
    public List<String> execute(CommandContext ctx) throws IOException {
        List<String> deleted = new ArrayList<>();
        for (String disk : store.get(name).map(d -> d.disks()).orElse(List.of())) {
            Path p = Path.of(disk).toAbsolutePath().normalize();
            if (p.startsWith(storage) && Files.deleteIfExists(p)) {
                deleted.add(p.toString());
            }
        }
        return deleted;
    }
}
