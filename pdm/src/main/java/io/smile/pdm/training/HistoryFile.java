package io.smile.pdm.training;

import io.smile.profiles.DerivedSignal;
import io.smile.profiles.FeatureSpec;
import io.smile.profiles.HistorySpec;
import io.smile.profiles.LabelRule;
import io.smile.profiles.MachineAttribute;
import io.smile.profiles.MachineProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A machine's history as training reads it: a CSV with a header row, mapped onto a machine profile
 * by its {@code history:} section ({@link HistorySpec}): the columns of the sensors and
 * attributes the profile's features need, an optional unit column (rows of one machine or one
 * run-to-failure unit), an optional numeric order column, and a label from a column or the
 * failure-within-N rule. Every problem is a {@link HistoryFormatException} naming file:line:column.
 * Fields are comma-separated, optionally double-quoted ({@code ""} inside quotes is a quote).
 */
public final class HistoryFile {
    /** One row: its 1-based line, the sensor values and attribute values it carries, its label. */
    public record Row(int line, Map<String, Double> values, Map<String, String> attributes, boolean failure) {
    }

    /** The rows of one unit, in time order. */
    public record Unit(String id, List<Row> rows) {
        public Unit {
            rows = List.copyOf(rows);
        }
    }

    private final String file;
    private final HistorySpec history;
    private final List<Unit> units;
    private final int unitColumnNumber;

    private HistoryFile(String file, HistorySpec history, List<Unit> units, int unitColumnNumber) {
        this.file = file;
        this.history = history;
        this.units = List.copyOf(units);
        this.unitColumnNumber = unitColumnNumber;
    }

    /** 1-based number of the unit column (1 when the file is one unit): where a unit's problem points. */
    public int unitColumnNumber() {
        return unitColumnNumber;
    }

    public String file() {
        return file;
    }

    /** The mapping this file was read with (its label rule included). */
    public HistorySpec history() {
        return history;
    }

    public List<Unit> units() {
        return units;
    }

    public int rows() {
        return units.stream().mapToInt(u -> u.rows().size()).sum();
    }

    /**
     * @param history the mapping; its label rule must be present (the profile's, or the command line's)
     */
    public static HistoryFile read(Path csv, MachineProfile profile, HistorySpec history) throws IOException {
        String text;
        try {
            text = Files.readString(csv, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new HistoryFormatException(csv.toString(), 0, 0, "file not found");
        }
        return parse(text, csv.toString(), profile, history);
    }

    public static HistoryFile parse(String text, String file, MachineProfile profile, HistorySpec history) {
        if (history.label().isEmpty()) {
            throw new HistoryFormatException(file, 1, 1, "no label rule: give the profile a history.label"
                    + " (column: <name> or failure-within: <N>) or pass --label-rule");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n", -1);
        if (lines.length == 0 || lines[0].isBlank()) {
            throw new HistoryFormatException(file, 1, 1, "the file is empty (expected a header row)");
        }
        List<String> header = fields(lines[0], file, 1);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
            index.putIfAbsent(header.get(c).trim(), c);
        }
        Set<String> sensors = neededSensors(profile);
        List<MachineAttribute> attributes = neededAttributes(profile);
        Map<String, Integer> sensorColumns = new LinkedHashMap<>();
        for (String s : sensors) {
            sensorColumns.put(s, column(index, history.columnOf(s), "sensor " + s, file, header));
        }
        Map<MachineAttribute, Integer> attributeColumns = new LinkedHashMap<>();
        for (MachineAttribute a : attributes) {
            attributeColumns.put(a, column(index, history.columnOf(a.name()), "attribute " + a.name(), file, header));
        }
        Integer unitColumn = history.unitColumn().map(u -> column(index, u, "the unit id", file, header)).orElse(null);
        Integer orderColumn = history.orderColumn().map(o -> column(index, o, "the time order", file, header)).orElse(null);
        LabelRule rule = history.label().get();
        Integer labelColumn = rule instanceof LabelRule.Column c ? column(index, c.column(), "the label", file, header) : null;

        Map<String, List<Row>> byUnit = new LinkedHashMap<>();
        Map<Row, Double> order = new java.util.IdentityHashMap<>();
        for (int l = 1; l < lines.length; l++) {
            if (lines[l].isBlank()) {
                continue;
            }
            int line = l + 1;
            List<String> cells = fields(lines[l], file, line);
            if (cells.size() != header.size()) {
                throw new HistoryFormatException(file, line, Math.min(cells.size(), header.size()) + 1, "row has "
                        + cells.size() + " fields, the header " + header.size());
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> e : sensorColumns.entrySet()) {
                values.put(e.getKey(), number(cells, e.getValue(), header, file, line));
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            for (Map.Entry<MachineAttribute, Integer> e : attributeColumns.entrySet()) {
                String v = cells.get(e.getValue()).trim();
                if (!e.getKey().values().contains(v)) {
                    throw new HistoryFormatException(file, line, e.getValue() + 1, "column '" + header.get(e.getValue())
                            + "': '" + v + "' is not a value of attribute " + e.getKey().name() + " " + e.getKey().values());
                }
                attrs.put(e.getKey().name(), v);
            }
            boolean failure = labelColumn != null && flag(cells, labelColumn, header, file, line);
            String unit = unitColumn == null ? "all" : cells.get(unitColumn).trim();
            if (unit.isEmpty()) {
                throw new HistoryFormatException(file, line, unitColumn + 1, "empty unit id in column '" + header.get(unitColumn) + "'");
            }
            Row row = new Row(line, values, attrs, failure);
            if (orderColumn != null) {
                order.put(row, number(cells, orderColumn, header, file, line));
            }
            byUnit.computeIfAbsent(unit, k -> new ArrayList<>()).add(row);
        }
        if (byUnit.isEmpty()) {
            throw new HistoryFormatException(file, 2, 1, "no data rows after the header");
        }
        List<Unit> units = new ArrayList<>();
        for (Map.Entry<String, List<Row>> e : byUnit.entrySet()) {
            List<Row> rows = new ArrayList<>(e.getValue());
            if (orderColumn != null) {
                rows.sort(Comparator.comparingDouble(order::get)); // stable: ties keep file order
            }
            if (rule instanceof LabelRule.FailureWithin w) {
                List<Row> labelled = new ArrayList<>(rows.size());
                for (int i = 0; i < rows.size(); i++) {
                    Row r = rows.get(i);
                    labelled.add(new Row(r.line(), r.values(), r.attributes(), rows.size() - 1 - i < w.samples()));
                }
                rows = labelled;
            }
            units.add(new Unit(e.getKey(), rows));
        }
        return new HistoryFile(file, history, units, unitColumn == null ? 1 : unitColumn + 1);
    }

    /** The sensors the features read, directly or through a derived signal. */
    static Set<String> neededSensors(MachineProfile profile) {
        Set<String> out = new LinkedHashSet<>();
        for (FeatureSpec f : profile.window().features()) {
            Optional<DerivedSignal> d = profile.window().derived(f.source());
            if (d.isPresent()) {
                out.addAll(d.get().inputs());
            } else if (profile.sensor(f.source()).isPresent()) {
                out.add(f.source());
            }
        }
        return out;
    }

    private static List<MachineAttribute> neededAttributes(MachineProfile profile) {
        List<MachineAttribute> out = new ArrayList<>();
        for (FeatureSpec f : profile.window().features()) {
            profile.attribute(f.source()).filter(a -> !out.contains(a)).ifPresent(out::add);
        }
        return out;
    }

    private static int column(Map<String, Integer> index, String name, String what, String file, List<String> header) {
        Integer c = index.get(name);
        if (c == null) {
            throw new HistoryFormatException(file, 1, header.size() + 1, "missing column '" + name + "' (" + what
                    + "); the header has " + header);
        }
        return c;
    }

    private static double number(List<String> cells, int c, List<String> header, String file, int line) {
        String cell = cells.get(c).trim();
        try {
            double v = Double.parseDouble(cell);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new HistoryFormatException(file, line, c + 1, "column '" + header.get(c) + "': '" + cell + "' is not a finite number");
    }

    private static boolean flag(List<String> cells, int c, List<String> header, String file, int line) {
        String cell = cells.get(c).trim();
        switch (cell.toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes":
                return true;
            case "0", "false", "no":
                return false;
            default:
                throw new HistoryFormatException(file, line, c + 1, "label column '" + header.get(c) + "': '" + cell
                        + "' is not 0/1 or true/false");
        }
    }

    /** Splits one CSV line; quotes may enclose commas. */
    private static List<String> fields(String line, String file, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (quoted) {
            throw new HistoryFormatException(file, lineNo, out.size() + 1, "unterminated quote");
        }
        out.add(cur.toString());
        return out;
    }
}
