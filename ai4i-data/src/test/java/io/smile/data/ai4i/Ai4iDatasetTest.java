package io.smile.data.ai4i;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ai4iDatasetTest {
    private static final String HEADER = String.join(",", Ai4iDataset.COLUMNS);
    private static final String ROW1 = "1,M14860,M,298.1,308.6,1551,42.8,0,0,0,0,0,0,0";
    private static final String ROW2 = "2,L47181,L,298.2,308.7,1408,46.3,3,0,0,0,0,0,0";
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static Ai4iDataset real;

    /** The published file, read once; a test that needs it skips when it is absent (fails in CI). */
    private static synchronized Ai4iDataset real() throws IOException {
        if (real == null) {
            real = Ai4iDataset.load(TestData.ai4iCsv());
        }
        return real;
    }

    // --- the published file ----------------------------------------------------------------------

    @Test
    void realFileHasTheDocumentedCounts() throws IOException {
        assertEquals(10_000, real().size());
        assertEquals(339, real().failureCount());
        assertEquals(Map.of(ProductType.L, 6000L, ProductType.M, 2997L, ProductType.H, 1003L), real().typeCounts());
        List<Ai4iRecord> rows = real().records();
        assertEquals(46, rows.stream().filter(Ai4iRecord::twf).count());
        assertEquals(115, rows.stream().filter(Ai4iRecord::hdf).count());
        assertEquals(95, rows.stream().filter(Ai4iRecord::pwf).count());
        assertEquals(98, rows.stream().filter(Ai4iRecord::osf).count());
        assertEquals(19, rows.stream().filter(Ai4iRecord::rnf).count());
        assertEquals("ai4i2020.csv", real().source());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i + 1, rows.get(i).udi());
        }
    }

    @Test
    void realFileFirstRowIsParsedField() throws IOException {
        Ai4iRecord r = real().records().get(0);
        assertEquals(new Ai4iRecord(1, "M14860", ProductType.M, 298.1, 308.6, 1551, 42.8, 0,
                false, false, false, false, false, false), r);
        assertEquals(42.8 * 1551 * 2 * Math.PI / 60, r.powerW(), 1e-9);
        assertEquals(308.6, r.sensor("process_temperature"), 0);
    }

    /** "Machine failure" is not the OR of the mode flags in the published file. */
    @Test
    void realFileKeepsTheLabelQuirks() throws IOException {
        List<Ai4iRecord> rows = real().records();
        assertEquals(9, rows.stream().filter(r -> r.machineFailure() && !r.anyMode()).count());
        List<Ai4iRecord> modeWithoutFailure = rows.stream().filter(r -> !r.machineFailure() && r.anyMode()).toList();
        assertEquals(18, modeWithoutFailure.size());
        assertTrue(modeWithoutFailure.stream().allMatch(r -> r.rnf() && !r.twf() && !r.hdf() && !r.pwf() && !r.osf()));
        assertEquals(24, rows.stream().filter(r -> r.modes().values().stream().filter(b -> b).count() > 1).count());
    }

    /** The generator's deterministic failure rules reproduce the HDF, PWF and OSF flags of every published row. */
    @Test
    void failureRulesReproduceThePublishedModeFlags() throws IOException {
        for (Ai4iRecord r : real().records()) {
            assertEquals(r.hdf(), Ai4iGenerator.heatDissipationFailure(r.airTemperatureK(), r.processTemperatureK(),
                    r.rotationalSpeedRpm()), () -> "HDF of UDI " + r.udi());
            assertEquals(r.pwf(), Ai4iGenerator.powerFailure(r.torqueNm(), r.rotationalSpeedRpm()),
                    () -> "PWF of UDI " + r.udi());
            assertEquals(r.osf(), Ai4iGenerator.overstrainFailure(r.type(), r.toolWearMin(), r.torqueNm()),
                    () -> "OSF of UDI " + r.udi());
        }
    }

    // --- BOM and line endings --------------------------------------------------------------------

    private static byte[] bytes(String text, boolean bom) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (!bom) {
            return body;
        }
        byte[] all = new byte[BOM.length + body.length];
        System.arraycopy(BOM, 0, all, 0, BOM.length);
        System.arraycopy(body, 0, all, BOM.length, body.length);
        return all;
    }

    @Test
    void byteOrderMarkIsStrippedAndOptional() throws IOException {
        Ai4iDataset withBom = Ai4iDataset.parse(bytes(HEADER + "\r\n" + ROW1 + "\r\n" + ROW2 + "\r\n", true), "a.csv");
        Ai4iDataset without = Ai4iDataset.parse(bytes(HEADER + "\r\n" + ROW1 + "\r\n" + ROW2 + "\r\n", false), "b.csv");
        assertEquals(withBom.records(), without.records());
        assertEquals(2, withBom.size());
        // a second BOM is not silently accepted: it would be part of the first header name
        Ai4iFormatException e = assertThrows(Ai4iFormatException.class, () -> Ai4iDataset.parse(
                bytes("\uFEFF" + HEADER + "\r\n" + ROW1 + "\r\n", true), "c.csv"));
        assertEquals(1, e.line());
        assertEquals("UDI", e.column());
        assertTrue(e.getMessage().startsWith("c.csv: line 1, column 'UDI': header column 1 is '<BOM>UDI'"),
                e.getMessage());
    }

    @Test
    void lfOnlyAndMissingFinalNewlineAreAccepted() throws IOException {
        Ai4iDataset lf = Ai4iDataset.parse(new ByteArrayInputStream(bytes(HEADER + "\n" + ROW1 + "\n" + ROW2, false)),
                "lf.csv");
        assertEquals(2, lf.size());
        assertEquals(1408, lf.records().get(1).rotationalSpeedRpm());
    }

    @Test
    void mixedLineEndingsAndStrayCarriageReturnsAreRejected() {
        Ai4iFormatException mixed = assertThrows(Ai4iFormatException.class, () -> Ai4iDataset.parse(
                bytes(HEADER + "\r\n" + ROW1 + "\n" + ROW2 + "\r\n", true), "m.csv"));
        assertEquals(2, mixed.line());
        assertTrue(mixed.getMessage().contains("mixed line endings"), mixed.getMessage());
        Ai4iFormatException cr = assertThrows(Ai4iFormatException.class, () -> Ai4iDataset.parse(
                bytes(HEADER + "\r\n" + ROW1 + "\r" + ROW2 + "\r\n", true), "cr.csv"));
        assertEquals(2, cr.line());
    }

    // --- malformed rows --------------------------------------------------------------------------

    private static Ai4iFormatException bad(String... rows) {
        StringBuilder sb = new StringBuilder(HEADER).append("\r\n");
        for (String r : rows) {
            sb.append(r).append("\r\n");
        }
        return assertThrows(Ai4iFormatException.class, () -> Ai4iDataset.parse(bytes(sb.toString(), true),
                "bad.csv"));
    }

    @Test
    void wrongColumnCountNamesTheLine() {
        Ai4iFormatException e = bad(ROW1, ROW2, "3,L47182,L,298.1,308.5,1498,49.4,5,0,0,0,0,0");
        assertEquals(4, e.line());
        assertNull(e.column());
        assertEquals("bad.csv: line 4: expected 14 columns, found 13", e.getMessage());
        Ai4iFormatException extra = bad(ROW1 + ",0");
        assertEquals("bad.csv: line 2: expected 14 columns, found 15", extra.getMessage());
    }

    @Test
    void nonNumericValueNamesLineAndColumn() {
        Ai4iFormatException e = bad(ROW1, "2,L47181,L,298.2,308.7,1408,abc,3,0,0,0,0,0,0");
        assertEquals(3, e.line());
        assertEquals("Torque [Nm]", e.column());
        assertEquals("bad.csv: line 3, column 'Torque [Nm]': not a decimal number: 'abc'", e.getMessage());
        Ai4iFormatException speed = bad("1,M14860,M,298.1,308.6,1551.5,42.8,0,0,0,0,0,0,0");
        assertEquals("Rotational speed [rpm]", speed.column());
        assertTrue(speed.getMessage().contains("not an integer: '1551.5'"), speed.getMessage());
        assertEquals("Air temperature [K]", bad("1,M14860,M,NaN,308.6,1551,42.8,0,0,0,0,0,0,0").column());
        assertEquals("Tool wear [min]", bad("1,M14860,M,298.1,308.6,1551,42.8,,0,0,0,0,0,0").column());
    }

    @Test
    void flagsTypesIdsAndUdisAreChecked() {
        Ai4iFormatException flag = bad("1,M14860,M,298.1,308.6,1551,42.8,0,2,0,0,0,0,0");
        assertEquals("Machine failure", flag.column());
        assertTrue(flag.getMessage().contains("flag must be 0 or 1, got '2'"));
        assertEquals("Type", bad("1,M14860,X,298.1,308.6,1551,42.8,0,0,0,0,0,0,0").column());
        Ai4iFormatException id = bad("1,L14860,M,298.1,308.6,1551,42.8,0,0,0,0,0,0,0");
        assertEquals("Product ID", id.column());
        assertTrue(id.getMessage().contains("does not start with its type 'M'"), id.getMessage());
        Ai4iFormatException dup = bad(ROW1, ROW2, ROW1.replace("M14860", "M14861"));
        assertEquals(4, dup.line());
        assertTrue(dup.getMessage().contains("duplicate UDI 1 (first on line 2)"), dup.getMessage());
        Ai4iFormatException empty = bad(ROW1, "", ROW2);
        assertEquals(3, empty.line());
        assertTrue(empty.getMessage().endsWith("empty line"));
        Ai4iFormatException neg = bad("1,M14860,M,298.1,308.6,1551,-42.8,0,0,0,0,0,0,0");
        assertEquals("Torque [Nm]", neg.column());
    }

    @Test
    void headerAndEncodingProblems() {
        Ai4iFormatException header = assertThrows(Ai4iFormatException.class, () -> Ai4iDataset.parse(
                bytes(HEADER.replace("Torque [Nm]", "Torque") + "\r\n" + ROW1 + "\r\n", true), "h.csv"));
        assertEquals(1, header.line());
        assertEquals("Torque [Nm]", header.column());
        Ai4iFormatException empty = assertThrows(Ai4iFormatException.class,
                () -> Ai4iDataset.parse(new byte[0], "e.csv"));
        assertTrue(empty.getMessage().contains("the file is empty"));
        byte[] latin1 = (HEADER + "\r\n" + ROW1 + "\r\n3,L47182,L,298.1,308.5,1498,49.4,5,0,0,0,0,0,0\r\n")
                .getBytes(StandardCharsets.UTF_8);
        latin1[latin1.length - 5] = (byte) 0xE9;
        Ai4iFormatException enc = assertThrows(Ai4iFormatException.class, () -> Ai4iDataset.parse(latin1, "u.csv"));
        assertEquals(3, enc.line());
        assertTrue(enc.getMessage().contains("not valid UTF-8"));
    }

    @Test
    void missingFileGivesAClearMessage(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("ai4i2020.csv");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Ai4iDataset.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("AI4I 2020 data set not found"), e.getMessage());
        assertFalse(real().records().isEmpty());
    }
}
