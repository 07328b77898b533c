package org.iaasengine.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Formats the rows as one plain-text table: scenario, ours (median, min-max), peer (median,
 * min-max), ratio peer/ours, target, verdict; notes follow the table.
 */
public final class Table {
    private Table() {
    }

    public static String render(String title, List<Row> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"scenario", "ours", "peer", "ratio", "target"});
        for (Row r : rows) {
            cells.add(new String[] {
                r.scenario(),
                r.oursName() + ": " + r.ours().format(),
                r.peer() == null ? "-" : r.peerName() + ": " + r.peer().format(),
                r.hasRatio() ? String.format("%.2fx", r.ratio()) : "-",
                r.hasTarget() ? ">= " + trim(r.minRatio()) + "x " + r.verdict() : "-"});
        }
        int[] width = new int[5];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(title).append('\n');
        for (int k = 0; k < cells.size(); k++) {
            String[] row = cells.get(k);
            sb.append("| ");
            for (int i = 0; i < row.length; i++) {
                sb.append(String.format("%-" + width[i] + "s", row[i])).append(" | ");
            }
            sb.setLength(sb.length() - 1);
            sb.append('\n');
            if (k == 0) {
                sb.append('|');
                for (int w : width) {
                    sb.append("-".repeat(w + 2)).append('|');
                }
                sb.append('\n');
            }
        }
        sb.append("ratio = peer median / ours median (above 1: ours is cheaper). min-max over all samples.\n");
        for (Row r : rows) {
            if (r.note() != null) {
                sb.append("- ").append(r.scenario()).append(": ").append(r.note()).append('\n');
            }
        }
        return sb.toString();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.3f", v);
    }
}
