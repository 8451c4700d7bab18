package io.smile.edge.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Untorn samples from per-node notifications. */
class SampleAssemblerTest {
    private final List<Sample> out = new ArrayList<>();
    private final SampleAssembler a = new SampleAssembler("M1", List.of("x", "y"), true, () -> 42L, out::add);

    @Test
    void aSampleNeedsEverySensorAndTheSequenceOfOneTimestamp() {
        a.onSensor("x", 1.0, 100);
        a.onSequence(1, 100);
        a.endOfBatch();
        assertEquals(0, out.size());
        a.onSensor("y", 2.0, 100);
        a.onAttribute("type", "M", 100);
        a.endOfBatch();
        assertEquals(1, out.size());
        Sample s = out.get(0);
        assertEquals(1, s.sequence());
        assertEquals(1.0, s.values().get("x"));
        assertEquals(2.0, s.values().get("y"));
        assertEquals("M", s.attributes().get("type"));
        assertEquals(42L, s.readAtMillis());
    }

    @Test
    void valuesOfDifferentSamplesAreNeverMixed() {
        // sample 1 torn: y of time 100 never arrives; sample 2 at time 200 is complete
        a.onSensor("x", 1.0, 100);
        a.onSequence(1, 100);
        a.onSensor("x", 10.0, 200);
        a.onSensor("y", 20.0, 200);
        a.onSequence(2, 200);
        a.endOfBatch();
        assertEquals(1, out.size());
        assertEquals(2, out.get(0).sequence());
        assertEquals(10.0, out.get(0).values().get("x"));
        assertEquals(1, a.torn());
        // late values of the torn sample and a re-delivery of sample 2 are ignored
        a.onSensor("y", 2.0, 100);
        a.onSensor("x", 10.0, 200);
        a.onSensor("y", 20.0, 200);
        a.onSequence(2, 200);
        a.endOfBatch();
        assertEquals(1, out.size());
    }

    @Test
    void aStaticAttributeKeepsItsLatestValue() {
        a.onAttribute("type", "H", 5);
        a.endOfBatch();
        a.onSensor("x", 1.0, 100);
        a.onSensor("y", 1.0, 100);
        a.onSequence(1, 100);
        a.endOfBatch();
        assertEquals("H", out.get(0).attributes().get("type"));
        assertEquals(0, a.torn());
    }

    @Test
    void withoutASequenceNodeEverySensorMustReportAgain() {
        List<Sample> latest = new ArrayList<>();
        SampleAssembler b = new SampleAssembler("M2", List.of("x", "y"), false, () -> 1L, latest::add);
        b.onSensor("x", 1.0, 1);
        b.endOfBatch();
        b.onSensor("y", 2.0, 2);
        b.endOfBatch();
        b.onSensor("x", 3.0, 3);
        b.endOfBatch();
        assertEquals(1, latest.size());
        assertEquals(1, latest.get(0).sequence());
        b.onSensor("y", 4.0, 4);
        b.endOfBatch();
        assertEquals(2, latest.size());
        assertEquals(3.0, latest.get(1).values().get("x"));
    }

    @Test
    void aServerAttributeOfTheSameTimestampIsPartOfACompleteSample() {
        List<Sample> got = new java.util.ArrayList<>();
        SampleAssembler c = new SampleAssembler("M3", List.of("x"), List.of("type"), true, () -> 7L, got::add);
        c.onSensor("x", 1.0, 100);
        c.onSequence(1, 100);
        c.endOfBatch();
        assertTrue(got.isEmpty(), "the type of timestamp 100 has not arrived yet");
        c.onAttribute("type", "H", 100);
        c.endOfBatch();
        assertEquals(1, got.size());
        assertEquals("H", got.get(0).attributes().get("type"));
    }
}
