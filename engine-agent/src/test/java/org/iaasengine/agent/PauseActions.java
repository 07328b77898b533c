package org.iaasengine.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import org.iaasengine.core.Action;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Key;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRegistry;
import org.iaasengine.request.ActionRequest;

/**
 * A test action for the agent's own behaviour (cancel, restarts), independent of a hypervisor:
 * {@code pause} writes a marker file named after the request (its effect, reverted by deleting
 * it), then sleeps {@code millis} (interruptibly), and answers the marker's path.
 */
final class PauseActions {
    private PauseActions() {
    }

    /** Writes marker {@code name} on host {@code host}, then sleeps {@code millis}. */
    record PauseRequest(String host, String name, long millis) implements ActionRequest {
        @Override
        public String action() {
            return "pause";
        }

        @Override
        public ResourceKey resource() {
            return ResourceKey.vm(name);
        }
    }

    static final Key<String> MARK = Key.of("mark", String.class);

    /** The registry of {@code pause}; its context is the directory of the markers. */
    static ActionRegistry<Path> registry() {
        return ActionRegistry.<Path>builder().register("pause", PauseRequest.class, PauseActions::plan).build();
    }

    static Action<String> plan(Path dir, PauseRequest r) {
        return Action.<String>builder("pause", r.resource().toString()).request(r)
                .step(MARK, new Command<String>() {
                    @Override
                    public String execute(CommandContext ctx) throws Exception {
                        Path p = dir.resolve(r.name());
                        Files.writeString(p, r.name());
                        return p.toString();
                    }

                    @Override
                    public void revert(CommandContext ctx, String marker) throws Exception {
                        Files.deleteIfExists(Path.of(marker));
                    }

                    @Override
                    public String name() {
                        return "mark";
                    }
                })
                .step(Command.named("sleep", ctx -> {
                    Thread.sleep(r.millis());
                    return Boolean.TRUE;
                }))
                .resultFrom(MARK).build();
    }
}
