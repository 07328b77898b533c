package org.iaasengine.powervm.rest;

import java.time.Duration;
import org.iaasengine.core.CommandContext;

/**
 * Job options tied to a running command: the deadline is the nearer of the command's own job
 * timeout and the action's time left; the action's cancel cancels the job; job progress becomes
 * engine progress events; the status polls are timed by the engine's scheduler
 * ({@link CommandContext#scheduler()}), so a test that moves the engine's clock moves them too.
 *
 * <pre>{@code
 * client.runJob(Paths.lpar(uuid), "PowerOn", Map.of(), Jobs.options(ctx, timeout, "PowerOn"));
 * }</pre>
 */
public final class Jobs {
    private Jobs() {
    }

    public static JobOptions options(CommandContext ctx, Duration timeout, String label) {
        return new JobOptions(ctx.timeLeftOr(timeout), ctx::isCancelled, f -> ctx.progress(f, label),
                ctx.scheduler());
    }
}
