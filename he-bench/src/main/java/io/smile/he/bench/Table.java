package io.smile.he.bench;

import java.util.ArrayList;
import java.util.List;

/** A small text table, rendered as GitHub markdown or as space-aligned plain text. */
public final class Table {
    private final String[] header;
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();

    public Table(String[] header, boolean[] rightAligned) {
        this.header = header;
        this.rightAligned = rightAligned;
    }

    public void add(String... row) {
        if (row.length != header.length) {
            throw new IllegalArgumentException(row.length + " cells for " + header.length + " columns");
        }
        rows.add(row);
    }

    public String render(boolean markdown) {
        StringBuilder sb = new StringBuilder();
        if (markdown) {
            line(sb, header, null, " | ", "| ", " |");
            String[] rule = new String[header.length];
            for (int c = 0; c < header.length; c++) {
                rule[c] = rightAligned[c] ? "---:" : "---";
            }
            line(sb, rule, null, " | ", "| ", " |");
            for (String[] r : rows) {
                line(sb, r, null, " | ", "| ", " |");
            }
        } else {
            int[] width = new int[header.length];
            for (int c = 0; c < header.length; c++) {
                width[c] = header[c].length();
                for (String[] r : rows) {
                    width[c] = Math.max(width[c], r[c].length());
                }
            }
            line(sb, header, width, "  ", "", "");
            String[] rule = new String[header.length];
            for (int c = 0; c < header.length; c++) {
                rule[c] = "-".repeat(width[c]);
            }
            line(sb, rule, width, "  ", "", "");
            for (String[] r : rows) {
                line(sb, r, width, "  ", "", "");
            }
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, String[] cells, int[] width, String sep, String open, String close) {
        sb.append(open);
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                sb.append(sep);
            }
            String cell = cells[c];
            if (width == null) {
                sb.append(cell);
            } else {
                String pad = " ".repeat(width[c] - cell.length());
                sb.append(rightAligned[c] ? pad + cell : (c == cells.length - 1 ? cell : cell + pad));
            }
        }
        sb.append(close).append('\n');
    }
}
