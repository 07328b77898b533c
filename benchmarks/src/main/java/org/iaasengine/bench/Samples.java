package org.iaasengine.bench;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Measurements of one side of a comparison, in one unit: median, min and max. Mutable while a
 * scenario collects, read once the table is printed.
 *
 * <pre>{@code
 * Samples s = new Samples("ms");
 * s.add(12.5);
 * double m = s.median();
 * }</pre>
 */
public final class Samples {
    private final String unit;
    private final List<Double> values = new ArrayList<>();

    public Samples(String unit) {
        this.unit = unit;
    }

    public static Samples of(String unit, double... values) {
        Samples s = new Samples(unit);
        for (double v : values) {
            s.add(v);
        }
        return s;
    }

    public synchronized Samples add(double value) {
        Preconditions.checkArgument(Double.isFinite(value), "sample must be finite: %s", value);
        values.add(value);
        return this;
    }

    public synchronized Samples addAll(Samples other) {
        values.addAll(other.values());
        return this;
    }

    public String unit() {
        return unit;
    }

    public synchronized List<Double> values() {
        return List.copyOf(values);
    }

    public synchronized int size() {
        return values.size();
    }

    public synchronized boolean isEmpty() {
        return values.isEmpty();
    }

    /** The median (the mean of the two middle values for an even count). */
    public synchronized double median() {
        Preconditions.checkState(!values.isEmpty(), "no samples");
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public synchronized double min() {
        return Collections.min(values);
    }

    public synchronized double max() {
        return Collections.max(values);
    }

    /** {@code 12.3 ms (11.9-14.0, n=5)}. */
    public String format() {
        if (isEmpty()) {
            return "-";
        }
        return num(median()) + " " + unit + " (" + num(min()) + "-" + num(max()) + ", n=" + size() + ")";
    }

    /** A number with 3 significant digits, without exponent. */
    static String num(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format("%,.0f", v);
        }
        if (a >= 100) {
            return String.format("%.0f", v);
        }
        if (a >= 10) {
            return String.format("%.1f", v);
        }
        if (a >= 1) {
            return String.format("%.2f", v);
        }
        return String.format("%.3f", v);
    }
}
