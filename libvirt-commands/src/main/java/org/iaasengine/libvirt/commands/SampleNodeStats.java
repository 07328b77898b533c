package org.iaasengine.libvirt.commands;

import java.time.Duration;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Poll;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.NodeStats;

/**
 * Takes a sample of a host's CPU times and memory, optionally after waiting {@code delay} (the
 * interval between the two samples of HostStatistical; the wait holds the worker, parked on the
 * engine's scheduler through {@link Poll#pause}, and ends early on cancel).
 *
 * <pre>{@code
 * .step(FIRST, new SampleNodeStats(driver, Duration.ZERO))
 * .step(SECOND, new SampleNodeStats(driver, Duration.ofSeconds(1)))
 * }</pre>
 */
public final class SampleNodeStats implements Command<SampleNodeStats.Sample> {

    /**
     * One sample and when it was taken.
     *
     * @param stats     the reading
     * @param takenNanos {@link System#nanoTime()} when it was taken
     */
    public record Sample(NodeStats stats, long takenNanos) {
    }

    private final LibvirtDriver driver;
    private final Duration delay;

    public SampleNodeStats(LibvirtDriver driver, Duration delay) {
        this.driver = driver;
        this.delay = delay;
    }

    @Override
    public Sample execute(CommandContext ctx) throws InterruptedException {
        if (!delay.isZero()) {
            Poll.pause(delay, ctx.scheduler(), ctx);
        }
        return new Sample(driver.nodeStats(), System.nanoTime());
    }

    /** It only reads (or changes this process's model): nothing of it outlives a crash. */
    @Override
    public boolean effects() {
        return false;
    }
}
