package io.smile.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The profile's {@code history:} section and the label rules of training. */
class HistorySpecTest {
    private static final String PROFILE = """
            id: history-test
            description: d
            vendor: v
            model: m
            attributes:
              - { name: kind, values: [A, B], nodeId: "ns=2;s={machine}/Kind" }
            opcua:
              namespaceUri: "urn:smile:test"
              sensors:
                - { name: x, nodeId: "ns=2;s={machine}/X", unit: u, range: [0, 1], scale: 1, samplingIntervalMs: 100 }
                - { name: y, nodeId: "ns=2;s={machine}/Y", unit: u, range: [0, 1], scale: 1, samplingIntervalMs: 100 }
            window:
              length: 2
              features:
                - { name: x_mean, source: x, aggregate: mean }
            %s
            """;

    private static MachineProfile parse(String history) {
        return new ProfileLoader().parseMachineProfile(PROFILE.formatted(history), "history-test.yaml");
    }

    @Test
    void withoutASectionColumnsAreNamedLikeTheSensorsAndThereIsNoUnitOrLabel() {
        HistorySpec h = parse("").history();
        assertEquals(HistorySpec.DEFAULT, h);
        assertEquals("x", h.columnOf("x"));
    }

    @Test
    void theSectionMapsColumnsAndNamesUnitOrderAndLabel() {
        HistorySpec h = parse("""
                history:
                  unit: unit_id
                  order: cycle
                  columns: { x: "X [mm/s]", kind: Kind }
                  label: { failure-within: 30 }
                """).history();
        assertEquals(Optional.of("unit_id"), h.unitColumn());
        assertEquals(Optional.of("cycle"), h.orderColumn());
        assertEquals("X [mm/s]", h.columnOf("x"));
        assertEquals("y", h.columnOf("y"));
        assertEquals("Kind", h.columnOf("kind"));
        assertEquals(Optional.of(new LabelRule.FailureWithin(30)), h.label());
        assertEquals(Optional.of(new LabelRule.Column("failed")),
                parse("history:\n  label: { column: failed }\n").history().label());
    }

    @Test
    void aMappingOfAnUnknownSensorAndTwoLabelRulesAreRefusedWithTheirPath() {
        ProfileException unknown = assertThrows(ProfileException.class, () -> parse("history:\n  columns: { z: Z }\n"));
        assertTrue(unknown.getMessage().contains("history-test.yaml: $.history.columns.z: unknown sensor or attribute 'z'"),
                unknown.getMessage());
        ProfileException two = assertThrows(ProfileException.class,
                () -> parse("history:\n  label: { column: f, failure-within: 3 }\n"));
        assertTrue(two.getMessage().contains("$.history.label"), two.getMessage());
        ProfileException zero = assertThrows(ProfileException.class, () -> parse("history:\n  label: { failure-within: 0 }\n"));
        assertTrue(zero.getMessage().contains("$.history.label.failure-within"), zero.getMessage());
    }

    @Test
    void commandLineLabelRules() {
        assertEquals(new LabelRule.FailureWithin(20), LabelRule.parse("failure-within:20"));
        assertEquals(new LabelRule.Column("Machine failure"), LabelRule.parse("column:Machine failure"));
        assertEquals("failure-within:20", LabelRule.parse("failure-within:20").toString());
        for (String bad : new String[] {"failure-within:x", "failure-within:0", "column:", "within:3", "rul"}) {
            assertThrows(IllegalArgumentException.class, () -> LabelRule.parse(bad), bad);
        }
    }

    @Test
    void theShippedMillMapsTheAi4iCsvHeader() {
        HistorySpec h = new ProfileLoader().builtinMachineProfile("ai4i-milling").history();
        assertEquals("Torque [Nm]", h.columnOf("torque"));
        assertEquals("Type", h.columnOf("type"));
        assertEquals(Optional.of(new LabelRule.Column("Machine failure")), h.label());
        assertEquals(Optional.empty(), h.unitColumn());
    }
}
