package org.iaasengine.examples.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.iaasengine.agent.Jobs;

/**
 * The progress bar of a job an agent runs ({@code --broker}; {@code iaas jobs watch}), from the
 * agent's progress events: the agent plans the steps, so their number is not known here; the bar
 * grows with each step that succeeded (k steps: k/(k+1) of the width) and is full only when the
 * job is answered. Redrawn five times a second; {@link #close()} clears the line.
 */
final class RemoteBar implements AutoCloseable {
    private final PrintWriter err;
    private final String label;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private volatile int done;
    private volatile String step = "";

    private RemoteBar(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "iaas-remote-progress");
            t.setDaemon(true);
            return t;
        });
    }

    static RemoteBar start(PrintWriter err, String label) {
        RemoteBar bar = new RemoteBar(err, label);
        bar.ticker.scheduleAtFixedRate(bar::draw, 0, 200, TimeUnit.MILLISECONDS);
        return bar;
    }

    /** Takes one progress event of the job. */
    void accept(Jobs.Progress p) {
        if ("CommandSucceeded".equals(p.what())) {
            done++;
        }
        step = p.step() == null ? p.what() : p.step();
    }

    /** The share a bar shows after {@code done} steps of a job still running. */
    static double fraction(int done) {
        return (double) done / (done + 1);
    }

    private void draw() {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        String line = ProgressBar.render(label, fraction(done), elapsed, done + " step" + (done == 1 ? "" : "s")
                + (step.isEmpty() ? "" : ", " + step));
        ProgressBar.show(err, line);
    }

    @Override
    public void close() {
        ProgressBar.stop(ticker, err);
    }
}
