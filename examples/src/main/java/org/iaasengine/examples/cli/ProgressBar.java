package org.iaasengine.examples.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.core.EngineListener;
import org.iaasengine.core.Visible;

/**
 * A one-line progress bar on a terminal for long work (a migration, waiting for a guest to shut
 * down). It shows the further of the share reported by the action's progress events and the
 * share of the expected time that passed (capped below 100 %). Redrawn five times a second on its
 * own daemon thread; {@link #close()} clears the line.
 *
 * <pre>{@code
 * try (ProgressBar bar = ProgressBar.start(err, "migrating web1", Duration.ofSeconds(60))) {
 *     engine.addListener(bar);
 *     engine.run(migrate);
 * }
 * }</pre>
 */
final class ProgressBar implements EngineListener, AutoCloseable {
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final String label;
    private final Duration expected;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private volatile double reported = -1;
    private volatile String message = "";

    private ProgressBar(PrintWriter err, String label, Duration expected) {
        this.err = err;
        this.label = label;
        this.expected = expected;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "iaas-progress");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts drawing on {@code err}. */
    static ProgressBar start(PrintWriter err, String label, Duration expected) {
        ProgressBar bar = new ProgressBar(err, label, expected);
        bar.ticker.scheduleAtFixedRate(bar::draw, 0, 200, TimeUnit.MILLISECONDS);
        return bar;
    }

    @Override
    public void onEvent(EngineEvent event) {
        if (event instanceof EngineEvent.Progress p) {
            reported = Math.max(reported, p.fraction());
            message = p.message();
        }
    }

    /**
     * The share to show after {@code elapsed}: the further of the reported share (negative: none
     * yet) and the share of the expected time (capped at 95 %: time alone never says done).
     */
    static double fraction(double reported, Duration elapsed, Duration expected) {
        double byTime = expected.isZero() ? 0 : Math.min(0.95, (double) elapsed.toMillis() / expected.toMillis());
        return Math.min(1.0, Math.max(reported, byTime));
    }

    /**
     * The bar's text for a share and elapsed time; label and message (a VM's name is in them) shown
     * with {@link Visible#of}, so that they cannot move the cursor or reorder the line.
     */
    static String render(String label, double fraction, Duration elapsed, String message) {
        int filled = (int) Math.round(fraction * WIDTH);
        return String.format(java.util.Locale.ROOT, "%s [%s%s] %3d%% %ds %s", Visible.of(label), "#".repeat(filled),
                " ".repeat(WIDTH - filled), Math.round(fraction * 100), elapsed.toSeconds(),
                message == null ? "" : Visible.of(message));
    }

    private void draw() {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        String line = render(label, fraction(reported, elapsed, expected), elapsed, message);
        show(err, line);
    }

    @Override
    public void close() {
        stop(ticker, err);
    }

    /** Draws {@code line} over the current one (a bar's redraw). */
    static void show(PrintWriter err, String line) {
        synchronized (err) {
            err.print("\r" + line + "\u001b[K");
            err.flush();
        }
    }

    /** Stops a bar's ticker and clears its line. */
    static void stop(java.util.concurrent.ExecutorService ticker, PrintWriter err) {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        show(err, "");
    }
}
