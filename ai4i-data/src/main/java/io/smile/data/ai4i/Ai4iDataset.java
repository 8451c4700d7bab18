package io.smile.data.ai4i;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A strict reader of the AI4I 2020 Predictive Maintenance Dataset CSV ({@code ai4i2020.csv},
 * S. Matzka 2020, UCI Machine Learning Repository, CC BY 4.0).
 *
 * <p>Accepted format: UTF-8, an optional byte-order mark, CRLF or LF line endings (one style per
 * file), the exact 14-column header below, then one record per line with exactly 14 unquoted
 * fields. Every field is checked (integers, decimals, L/M/H, 0/1 flags, product id prefix matching
 * the type, unique UDI); the first problem is reported as an {@link Ai4iFormatException} naming
 * the file, the line number and the column. The file itself is not part of this repository.
 */
public final class Ai4iDataset {
    /** The 14 header columns, in order. */
    public static final List<String> COLUMNS = List.of("UDI", "Product ID", "Type", "Air temperature [K]",
            "Process temperature [K]", "Rotational speed [rpm]", "Torque [Nm]", "Tool wear [min]", "Machine failure",
            "TWF", "HDF", "PWF", "OSF", "RNF");

    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,9}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,9}(\\.\\d{1,9})?");
    private static final Pattern PRODUCT_ID = Pattern.compile("[LMH]\\d{1,9}");

    private final String source;
    private final List<Ai4iRecord> records;

    private Ai4iDataset(String source, List<Ai4iRecord> records) {
        this.source = source;
        this.records = Collections.unmodifiableList(records);
    }

    /**
     * Reads the CSV file.
     *
     * @throws NoSuchFileException   with a message explaining where the data set comes from
     * @throws Ai4iFormatException   if the file is malformed
     */
    public static Ai4iDataset load(Path csv) throws IOException {
        Objects.requireNonNull(csv, "csv");
        if (!Files.isRegularFile(csv)) {
            throw new NoSuchFileException(csv.toAbsolutePath().toString(), null,
                    "AI4I 2020 data set not found. Download ai4i2020.csv (UCI Machine Learning Repository, "
                            + "'AI4I 2020 Predictive Maintenance Dataset') and pass its path, or use the built-in "
                            + "generator instead");
        }
        return parse(Files.readAllBytes(csv), csv.getFileName().toString());
    }

    /** Reads CSV from a stream; {@code sourceName} is used in error messages. */
    public static Ai4iDataset parse(InputStream in, String sourceName) throws IOException {
        return parse(in.readAllBytes(), sourceName);
    }

    /** Parses CSV bytes; {@code sourceName} is used in error messages. */
    public static Ai4iDataset parse(byte[] bytes, String sourceName) throws Ai4iFormatException {
        Objects.requireNonNull(sourceName, "sourceName");
        String text = decode(bytes, sourceName);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = splitLines(text, sourceName);
        if (lines.isEmpty()) {
            throw new Ai4iFormatException(sourceName, 1, null, "the file is empty (expected the header "
                    + String.join(",", COLUMNS) + ")");
        }
        checkHeader(lines.get(0), sourceName);
        List<Ai4iRecord> records = new ArrayList<>(lines.size() - 1);
        Map<Integer, Long> udiLines = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            long lineNo = i + 1L;
            Ai4iRecord r = parseRecord(lines.get(i), lineNo, sourceName);
            Long first = udiLines.putIfAbsent(r.udi(), lineNo);
            if (first != null) {
                throw new Ai4iFormatException(sourceName, lineNo, "UDI", "duplicate UDI " + r.udi()
                        + " (first on line " + first + ")");
            }
            records.add(r);
        }
        return new Ai4iDataset(sourceName, records);
    }

    private static String decode(byte[] bytes, String source) throws Ai4iFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            CharBuffer out = decoder.decode(in);
            return out.toString();
        } catch (CharacterCodingException e) {
            // find the line of the bad byte for the message
            int bad = firstInvalidUtf8(bytes);
            long line = 1;
            for (int i = 0; i < bad && i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new Ai4iFormatException(source, line, null, "not valid UTF-8 (byte offset " + bad + ")");
        }
    }

    private static int firstInvalidUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }

    /** Splits on CRLF or LF (one style per file); a final line terminator is optional. */
    private static List<String> splitLines(String text, String source) throws Ai4iFormatException {
        List<String> lines = new ArrayList<>();
        Boolean crlf = null;
        int start = 0;
        long lineNo = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                    throw new Ai4iFormatException(source, lineNo, null, "carriage return (CR) not followed by a"
                            + " line feed");
                }
                if (Boolean.FALSE.equals(crlf)) {
                    throw new Ai4iFormatException(source, lineNo, null, "mixed line endings: CRLF after LF lines");
                }
                crlf = Boolean.TRUE;
                lines.add(text.substring(start, i));
                i++;
                start = i + 1;
                lineNo++;
            } else if (c == '\n') {
                if (Boolean.TRUE.equals(crlf)) {
                    throw new Ai4iFormatException(source, lineNo, null, "mixed line endings: LF after CRLF lines");
                }
                crlf = Boolean.FALSE;
                lines.add(text.substring(start, i));
                start = i + 1;
                lineNo++;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    private static void checkHeader(String header, String source) throws Ai4iFormatException {
        String[] names = header.split(",", -1);
        if (names.length != COLUMNS.size()) {
            throw new Ai4iFormatException(source, 1, null, "header has " + names.length + " columns, expected "
                    + COLUMNS.size() + ": " + String.join(",", COLUMNS));
        }
        for (int c = 0; c < names.length; c++) {
            if (!names[c].equals(COLUMNS.get(c))) {
                String shown = names[c].replace("\uFEFF", "<BOM>");
                throw new Ai4iFormatException(source, 1, COLUMNS.get(c), "header column " + (c + 1) + " is '" + shown
                        + "', expected '" + COLUMNS.get(c) + "'");
            }
        }
    }

    private static Ai4iRecord parseRecord(String line, long lineNo, String source) throws Ai4iFormatException {
        if (line.isEmpty()) {
            throw new Ai4iFormatException(source, lineNo, null, "empty line");
        }
        String[] f = line.split(",", -1);
        if (f.length != COLUMNS.size()) {
            throw new Ai4iFormatException(source, lineNo, null, "expected " + COLUMNS.size() + " columns, found "
                    + f.length);
        }
        int udi = integer(f, 0, lineNo, source);
        if (udi < 1) {
            throw new Ai4iFormatException(source, lineNo, COLUMNS.get(0), "UDI must be positive, got " + udi);
        }
        String productId = f[1];
        if (!PRODUCT_ID.matcher(productId).matches()) {
            throw new Ai4iFormatException(source, lineNo, COLUMNS.get(1), "not a product id (L, M or H followed by"
                    + " digits): '" + productId + "'");
        }
        ProductType type;
        try {
            type = ProductType.parse(f[2]);
        } catch (IllegalArgumentException e) {
            throw new Ai4iFormatException(source, lineNo, COLUMNS.get(2), e.getMessage());
        }
        if (productId.charAt(0) != f[2].charAt(0)) {
            throw new Ai4iFormatException(source, lineNo, COLUMNS.get(1), "product id '" + productId
                    + "' does not start with its type '" + f[2] + "'");
        }
        double air = decimal(f, 3, lineNo, source);
        double process = decimal(f, 4, lineNo, source);
        int speed = integer(f, 5, lineNo, source);
        double torque = decimal(f, 6, lineNo, source);
        int wear = integer(f, 7, lineNo, source);
        if (air <= 0 || process <= 0) {
            throw new Ai4iFormatException(source, lineNo, COLUMNS.get(air <= 0 ? 3 : 4),
                    "a temperature in kelvin must be positive");
        }
        if (speed < 0 || torque < 0 || wear < 0) {
            throw new Ai4iFormatException(source, lineNo, COLUMNS.get(speed < 0 ? 5 : torque < 0 ? 6 : 7),
                    "must not be negative");
        }
        return new Ai4iRecord(udi, productId, type, air, process, speed, torque, wear,
                flag(f, 8, lineNo, source), flag(f, 9, lineNo, source), flag(f, 10, lineNo, source),
                flag(f, 11, lineNo, source), flag(f, 12, lineNo, source), flag(f, 13, lineNo, source));
    }

    private static int integer(String[] f, int c, long lineNo, String source) throws Ai4iFormatException {
        if (!INTEGER.matcher(f[c]).matches()) {
            throw new Ai4iFormatException(source, lineNo, COLUMNS.get(c), "not an integer: '" + f[c] + "'");
        }
        return Integer.parseInt(f[c]);
    }

    private static double decimal(String[] f, int c, long lineNo, String source) throws Ai4iFormatException {
        if (!DECIMAL.matcher(f[c]).matches()) {
            throw new Ai4iFormatException(source, lineNo, COLUMNS.get(c), "not a decimal number: '" + f[c] + "'");
        }
        return Double.parseDouble(f[c]);
    }

    private static boolean flag(String[] f, int c, long lineNo, String source) throws Ai4iFormatException {
        switch (f[c]) {
            case "0": return false;
            case "1": return true;
            default: throw new Ai4iFormatException(source, lineNo, COLUMNS.get(c), "flag must be 0 or 1, got '"
                    + f[c] + "'");
        }
    }

    /** The file name (or description) the data came from. */
    public String source() {
        return source;
    }

    /** All records in file order (unmodifiable). */
    public List<Ai4iRecord> records() {
        return records;
    }

    public int size() {
        return records.size();
    }

    /** Rows with {@code Machine failure = 1}. */
    public long failureCount() {
        return records.stream().filter(Ai4iRecord::machineFailure).count();
    }

    /** Rows per product type. */
    public Map<ProductType, Long> typeCounts() {
        Map<ProductType, Long> m = new EnumMap<>(ProductType.class);
        for (ProductType t : ProductType.values()) {
            m.put(t, 0L);
        }
        records.forEach(r -> m.merge(r.type(), 1L, Long::sum));
        return m;
    }
}
