package io.smile.edge.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Counting what is missed (issue 17, item 5), on the assembler alone: gaps in the machine's
 * Sequence numbers, sampling ticks without a new sample, and the periodic-read rule for servers
 * that report only changed values.
 */
class MissedSamplesTest {
    private final List<Sample> out = new ArrayList<>();

    private static void sample(SampleAssembler a, long seq, long time) {
        a.onSensor("x", seq, time);
        a.onSensor("y", seq, time);
        a.onSequence(seq, time);
        a.endOfBatch();
    }

    /** The attack: samples the agent never read (a busy agent, a lost notification) vanished without a count. */
    @Test
    void aJumpInTheSequenceIsCountedAsMissedSamples() {
        SampleAssembler a = new SampleAssembler("M1", List.of("x", "y"), true, () -> 1L, out::add);
        sample(a, 1, 100);
        sample(a, 2, 200);
        sample(a, 5, 500); // 3 and 4 were never read
        sample(a, 6, 600);
        sample(a, 9, 900); // 7 and 8
        assertEquals(5, out.size());
        assertEquals(4, a.missed());
        assertEquals(2, a.gaps());
        // read + missed = the machine's numbering, exactly
        assertEquals(9 - 1 + 1, out.size() + a.missed());
    }

    @Test
    void aTornSampleShowsUpAsAGapAndARestartedSequenceIsNoGap() {
        SampleAssembler a = new SampleAssembler("M1", List.of("x", "y"), true, () -> 1L, out::add);
        sample(a, 1, 100);
        a.onSensor("x", 2, 200); // sample 2 torn: y never arrives
        a.onSequence(2, 200);
        sample(a, 3, 300);
        assertEquals(1, a.torn());
        assertEquals(1, a.missed(), "the torn sample is missed");
        sample(a, 1, 400); // the machine restarted its numbering
        sample(a, 2, 500);
        assertEquals(1, a.missed());
        assertEquals(1, a.gaps());
    }

    @Test
    void ticksWithoutANewSampleAreSilentAndABurstCoversTheTicksItWasLateFor() {
        SampleAssembler a = new SampleAssembler("M1", List.of("x", "y"), true, () -> 1L, out::add);
        assertFalse(a.tick(), "no sample yet: the server was not reached, nothing counted");
        sample(a, 1, 100);
        assertFalse(a.tick());
        assertTrue(a.tick(), "nothing new since the last tick");
        assertTrue(a.tick());
        assertEquals(2, a.silentTicks());
        sample(a, 2, 200); // three samples delivered together (one publish response)
        sample(a, 3, 300);
        sample(a, 4, 400);
        assertFalse(a.tick());
        assertFalse(a.tick(), "covered by the burst");
        assertFalse(a.tick(), "covered by the burst");
        assertTrue(a.tick());
        assertEquals(3, a.silentTicks());
    }

    /**
     * The attack: a server that reports only changed values. A sensor whose value did not change
     * sends no notification, so "every sensor reported since the last sample" never holds and the
     * sample is silently lost; reading every node at each tick and treating an unmoved timestamp as
     * "unchanged" gets the sample.
     */
    @Test
    void periodicReadEmitsASampleWhenAnySensorChangedAndNoneWhenNothingDid() {
        SampleAssembler a = new SampleAssembler("M1", List.of("x", "y"), List.of(), false, true, () -> 1L, out::add);
        a.onSensor("x", 1.0, 100);
        a.onSensor("y", 2.0, 100);
        a.endOfBatch();
        assertFalse(a.tick());
        assertEquals(1, out.size());
        // next tick: x changed, y did not (same source time)
        a.onSensor("x", 1.5, 200);
        a.onSensor("y", 2.0, 100);
        a.endOfBatch();
        assertFalse(a.tick());
        assertEquals(2, out.size());
        assertEquals(1.5, out.get(1).values().get("x"));
        assertEquals(2.0, out.get(1).values().get("y"));
        // next tick: nothing moved: no sample, a silent tick
        a.onSensor("x", 1.5, 200);
        a.onSensor("y", 2.0, 100);
        a.endOfBatch();
        assertEquals(2, out.size());
        assertTrue(a.tick());
    }

    /** The same notifications in subscription mode: the unchanged sensor blocks the sample (what periodic read fixes). */
    @Test
    void withoutPeriodicReadAnUnchangedSensorBlocksTheSample() {
        SampleAssembler a = new SampleAssembler("M1", List.of("x", "y"), false, () -> 1L, out::add);
        a.onSensor("x", 1.0, 100);
        a.onSensor("y", 2.0, 100);
        a.endOfBatch();
        a.onSensor("x", 1.5, 200); // y unchanged: a change-only server sends nothing for it
        a.endOfBatch();
        assertEquals(1, out.size());
    }
}
