package io.smile.workforce;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads and validates the IBM HR attrition CSV (UTF-8, optional byte-order mark, LF or CRLF). The
 * header must be exactly {@link HrSchema#HEADER}; every row must have 35 fields, parseable
 * numbers, a known category in every nominal column and the documented constant in the constant
 * columns. Errors name the line (1-based, the header is line 1) and the column.
 */
public final class HrDataset {
    private HrDataset() {
    }

    /** A malformed file; the message names the line and column. */
    public static final class HrDataException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public HrDataException(String message) {
            super(message);
        }
    }

    public static List<HrRecord> load(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "HR data file not found");
        }
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(in, path.getFileName().toString());
        }
    }

    public static List<HrRecord> read(Reader reader, String source) throws IOException {
        BufferedReader in = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader);
        String header = in.readLine();
        if (header == null) {
            throw new HrDataException(source + ": empty file (expected the header on line 1)");
        }
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        List<String> names = splitCsv(header.strip());
        if (!names.equals(HrSchema.HEADER)) {
            throw new HrDataException(source + ": line 1: unexpected header " + names + "; expected " + HrSchema.HEADER);
        }
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            col.put(names.get(i), i);
        }
        List<HrRecord> out = new ArrayList<>();
        String line;
        int lineNo = 1;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            List<String> f = splitCsv(line.strip());
            if (f.size() != names.size()) {
                throw new HrDataException(source + ": line " + lineNo + ": " + f.size() + " fields, expected " + names.size());
            }
            out.add(parseRow(f, col, source, lineNo));
        }
        if (out.isEmpty()) {
            throw new HrDataException(source + ": no data rows");
        }
        return out;
    }

    private static HrRecord parseRow(List<String> f, Map<String, Integer> col, String source, int lineNo) {
        expectConstant(f, col, "EmployeeCount", "1", source, lineNo);
        expectConstant(f, col, "Over18", "Y", source, lineNo);
        expectConstant(f, col, "StandardHours", "80", source, lineNo);
        number(f, col, "EmployeeNumber", source, lineNo); // validated, then dropped (an identifier)
        double[] numeric = new double[HrSchema.NUMERIC.size()];
        for (int i = 0; i < numeric.length; i++) {
            String name = HrSchema.NUMERIC.get(i).name();
            switch (name) {
                case "BusinessTravel":
                    numeric[i] = category(f, col, name, List.of("Non-Travel", "Travel_Rarely", "Travel_Frequently"), source, lineNo);
                    break;
                case "Gender":
                    numeric[i] = category(f, col, name, List.of("Female", "Male"), source, lineNo);
                    break;
                case "OverTime":
                    numeric[i] = category(f, col, name, List.of("No", "Yes"), source, lineNo);
                    break;
                default:
                    numeric[i] = number(f, col, name, source, lineNo);
            }
        }
        String[] nominal = new String[HrSchema.NOMINAL.size()];
        for (int g = 0; g < nominal.length; g++) {
            HrSchema.NominalColumn c = HrSchema.NOMINAL.get(g);
            nominal[g] = c.categories().get(category(f, col, c.name(), c.categories(), source, lineNo));
        }
        boolean attrition = category(f, col, "Attrition", List.of("No", "Yes"), source, lineNo) == 1;
        return new HrRecord(numeric, nominal[0], nominal[1], nominal[2], nominal[3], attrition);
    }

    private static void expectConstant(List<String> f, Map<String, Integer> col, String name, String value, String source, int lineNo) {
        String v = f.get(col.get(name));
        if (!v.equals(value)) {
            throw new HrDataException(source + ": line " + lineNo + ": column " + name + " is '" + v + "', expected the constant '" + value + "'");
        }
    }

    private static double number(List<String> f, Map<String, Integer> col, String name, String source, int lineNo) {
        String v = f.get(col.get(name));
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new HrDataException(source + ": line " + lineNo + ": column " + name + ": '" + v + "' is not a number");
        }
    }

    private static int category(List<String> f, Map<String, Integer> col, String name, List<String> allowed, String source, int lineNo) {
        String v = f.get(col.get(name));
        int i = allowed.indexOf(v);
        if (i < 0) {
            throw new HrDataException(source + ": line " + lineNo + ": column " + name + ": unknown value '" + v + "' (allowed: " + allowed + ")");
        }
        return i;
    }

    /** Splits one CSV line; supports double-quoted fields with "" escapes (the file has none, but be lenient). */
    static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
