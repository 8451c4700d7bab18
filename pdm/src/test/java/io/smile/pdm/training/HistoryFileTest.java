package io.smile.pdm.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smile.profiles.HistorySpec;
import io.smile.profiles.LabelRule;
import io.smile.profiles.MachineProfile;
import io.smile.profiles.ProfileLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading a history CSV through a profile, and every input error as file:line:column. The test
 * machine has sensors {@code x} (column "X [u]") and {@code y}, an attribute {@code kind} (A, B),
 * windows of 2 samples with step 1 and features mean(x), slope(y), kind; units in column
 * {@code unit}, time order in {@code t}.
 */
class HistoryFileTest {
    static final MachineProfile PROFILE = new ProfileLoader().parseMachineProfile("""
            id: history-machine
            description: d
            vendor: v
            model: m
            attributes:
              - { name: kind, values: [A, B], nodeId: "ns=2;s={machine}/Kind" }
            opcua:
              namespaceUri: "urn:smile:test"
              sensors:
                - { name: x, nodeId: "ns=2;s={machine}/X", unit: u, range: [-100, 100], scale: 1, samplingIntervalMs: 100 }
                - { name: y, nodeId: "ns=2;s={machine}/Y", unit: u, range: [-100, 100], scale: 1, samplingIntervalMs: 100 }
            window:
              length: 2
              step: 1
              features:
                - { name: x_mean, source: x, aggregate: mean }
                - { name: y_slope, source: y, aggregate: slope }
                - { name: kind, source: kind, aggregate: last }
            history:
              unit: unit
              order: t
              columns: { x: "X [u]" }
              label: { failure-within: 2 }
            """, "history-machine.yaml");

    // unit u1's rows are out of time order in the file (t = 2 comes first)
    static final String CSV = """
            unit,t,"X [u]",y,kind,failed
            u1,2,4,10,A,0
            u1,1,2,5,A,0
            u1,3,6,20,B,1
            u2,1,1,1,B,0
            u2,2,3,0,B,1
            """;

    private static HistoryFile parse(String csv) {
        return HistoryFile.parse(csv, "h.csv", PROFILE, PROFILE.history());
    }

    @Test
    void rowsAreGroupedByUnitSortedByTimeAndTheLastNRowsOfAUnitFail() {
        HistoryFile h = parse(CSV);
        assertEquals(List.of("u1", "u2"), h.units().stream().map(HistoryFile.Unit::id).toList());
        HistoryFile.Unit u1 = h.units().get(0);
        assertEquals(List.of(3, 2, 4), u1.rows().stream().map(HistoryFile.Row::line).toList()); // t = 1, 2, 3
        assertEquals(List.of(2.0, 4.0, 6.0), u1.rows().stream().map(r -> r.values().get("x")).toList());
        // failure-within 2: the last two rows of each unit
        assertEquals(List.of(false, true, true), u1.rows().stream().map(HistoryFile.Row::failure).toList());
        assertEquals(List.of(true, true), h.units().get(1).rows().stream().map(HistoryFile.Row::failure).toList());
        assertEquals(5, h.rows());
    }

    @Test
    void aLabelColumnIsReadAsIs() {
        HistoryFile h = HistoryFile.parse(CSV, "h.csv", PROFILE, PROFILE.history().withLabel(new LabelRule.Column("failed")));
        assertEquals(List.of(false, false, true), h.units().get(0).rows().stream().map(HistoryFile.Row::failure).toList());
    }

    @Test
    void windowsUseTheEdgesWindowingAndFeatures() {
        List<TrainingWindows.Window> w = TrainingWindows.of(parse(CSV), PROFILE);
        // u1 (x 2, 4, 6; y 5, 10, 20): windows [t1, t2] and [t2, t3]; u2: [t1, t2]
        assertEquals(3, w.size());
        assertArrayEquals(new double[] {3, 5, 0}, w.get(0).features(), 1e-12); // mean(2, 4), 10 - 5, kind A
        assertArrayEquals(new double[] {5, 10, 1}, w.get(1).features(), 1e-12); // mean(4, 6), 20 - 10, kind B (last row)
        assertArrayEquals(new double[] {2, -1, 1}, w.get(2).features(), 1e-12);
        assertEquals(List.of(true, true, true), w.stream().map(TrainingWindows.Window::failure).toList());
        assertEquals(List.of(2, 4, 6), w.stream().map(TrainingWindows.Window::lastLine).toList());
    }

    private static void assertError(String csv, HistorySpec spec, String expectedStart) {
        HistoryFormatException e = assertThrows(HistoryFormatException.class,
                () -> TrainingWindows.of(HistoryFile.parse(csv, "h.csv", PROFILE, spec), PROFILE));
        assertEquals(expectedStart, e.getMessage().substring(0, Math.min(expectedStart.length(), e.getMessage().length())),
                e.getMessage());
    }

    @Test
    void everyInputErrorNamesFileLineAndColumn() {
        HistorySpec spec = PROFILE.history();
        assertError(CSV.replace("\"X [u]\"", "X"), spec, "h.csv:1:7: missing column 'X [u]' (sensor x)");
        assertError(CSV.replace("u1,1,2,5,A,0", "u1,1,2,five,A,0"), spec, "h.csv:3:4: column 'y': 'five' is not a finite number");
        assertError(CSV.replace("u1,1,2,5,A,0", "u1,1,2,NaN,A,0"), spec, "h.csv:3:4: column 'y': 'NaN' is not a finite number");
        assertError(CSV.replace("u1,1,2,5,A,0", "u1,x,2,5,A,0"), spec, "h.csv:3:2: column 't': 'x' is not a finite number");
        assertError(CSV.replace("u1,1,2,5,A,0", "u1,1,2,5,C,0"), spec, "h.csv:3:5: column 'kind': 'C' is not a value of attribute kind");
        assertError(CSV.replace("u1,1,2,5,A,0", "u1,1,2,5,A"), spec, "h.csv:3:6: row has 5 fields, the header 6");
        assertError(CSV + "u3,1,1,1,A,0\n", spec, "h.csv:7:1: unit 'u3' has 1 rows, fewer than one window (2 samples");
        HistorySpec byColumn = spec.withLabel(new LabelRule.Column("failed"));
        assertError(CSV.replace("u2,1,1,1,B,0", "u2,1,1,1,B,maybe"), byColumn, "h.csv:5:6: label column 'failed': 'maybe' is not 0/1");
        assertError(CSV, spec.withLabel(new LabelRule.Column("broken")), "h.csv:1:7: missing column 'broken' (the label)");
        assertError("", spec, "h.csv:1:1: the file is empty");
        assertError("unit,t,\"X [u]\",y,kind\n", spec, "h.csv:2:1: no data rows");
        assertError(CSV, HistorySpec.DEFAULT, "h.csv:1:1: no label rule");
    }
}
