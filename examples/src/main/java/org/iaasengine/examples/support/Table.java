package org.iaasengine.examples.support;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import org.iaasengine.core.Visible;

/**
 * A plain-text table for people: a header row, left-aligned columns two spaces apart.
 *
 * <pre>{@code
 * String text = new Table("NAME", "STATE").row("web1", "RUNNING").render();
 * }</pre>
 */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these column headers. */
    public Table(String... headers) {
        Preconditions.checkArgument(headers.length > 0, "a table needs at least one column");
        this.headers = List.of(headers);
    }

    /**
     * Adds a row; null cells print as {@code -}; a cell is shown with {@link Visible#of} (a VM's name
     * may hold characters that move a terminal's cursor or reorder the line).
     */
    public Table row(Object... cells) {
        Preconditions.checkArgument(cells.length == headers.size(), "row has %s cells, table has %s columns",
                cells.length, headers.size());
        List<String> row = new ArrayList<>();
        for (Object c : cells) {
            row.add(c == null || c.toString().isEmpty() ? "-" : Visible.of(c.toString()));
        }
        rows.add(row);
        return this;
    }

    /** True when no row was added. */
    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table as lines of text, each ending with a line break. */
    public String render() {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, width);
        for (List<String> r : rows) {
            line(sb, r, width);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            line.append(c);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(width[i] - c.length() + 2));
            }
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }
}
