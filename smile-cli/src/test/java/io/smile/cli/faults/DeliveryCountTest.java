package io.smile.cli.faults;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite's bookkeeping on its own: a window it does not account for is lost, and fails a scenario. */
class DeliveryCountTest {
    private static final Map<String, Long> PRODUCED = Map.of("M1#1", 1000L, "M1#2", 2000L, "M1#3", 3000L, "M1#4", 4000L,
            "M2#1", 1000L, "M2#2", 2000L);

    private static EdgeNode.Scored scored(String machine, long seq) {
        return new EdgeNode.Scored(machine, seq, 1);
    }

    @Test
    void aWindowWithoutAResultThatNothingExplainsIsLost() {
        DeliveryCount c = DeliveryCount.of("t", PRODUCED, List.of(scored("M1", 1), scored("M1", 2), scored("M1", 4),
                scored("M2", 1), scored("M2", 2)), -1, Set.of(), 0);
        assertEquals(1, c.lost());
        assertEquals(List.of("M1#3"), c.lostExamples());
        assertEquals(5, c.scored());
    }

    @Test
    void aSecondResultForOneWindowIsADuplicateAndAResultForNoSampleIsUnknown() {
        DeliveryCount c = DeliveryCount.of("t", PRODUCED, List.of(scored("M1", 1), scored("M1", 1), scored("M1", 9)), -1, Set.of(), 0);
        assertEquals(1, c.duplicated());
        assertEquals(1, c.unknown());
    }

    @Test
    void samplesPublishedWhileTheEdgeWasDownAreNeverReadUntilItReadsAgain() {
        // edge down from t=1500; it read M1#4 again; M1#2 and M1#3 fell into the outage; M2 never came back: lost
        DeliveryCount c = DeliveryCount.of("t", PRODUCED, List.of(scored("M1", 1), scored("M1", 4), scored("M2", 1)), 1500,
                Set.of(), 0);
        assertEquals(2 + 1, c.neverRead(), "M1#2, M1#3 and M2#2 (M2 read nothing after the outage)");
        assertEquals(0, c.lost());
        DeliveryCount before = DeliveryCount.of("t", PRODUCED, List.of(scored("M1", 2), scored("M1", 3), scored("M1", 4),
                scored("M2", 2)), 1500, Set.of(), 0);
        assertEquals(2, before.lost(), "M1#1 and M2#1 were published before the edge went down: lost, not never read");
    }

    @Test
    void onlySamplesTheEdgeReportedAsMissedCountAsMissedAtTheSource() {
        List<EdgeNode.Scored> results = List.of(scored("M1", 1), scored("M1", 4), scored("M2", 1), scored("M2", 2));
        DeliveryCount c = DeliveryCount.of("t", PRODUCED, results, -1, Set.of("M1#2"), 0);
        assertEquals(1, c.missedAtSource());
        assertEquals(1, c.lost(), "M1#3 was not reported by the edge");
        assertEquals(0, c.withMissedAtSourceCounted(5).lost());
        assertEquals(2, c.withMissedAtSourceCounted(5).missedAtSource(), "never more than are missing");
    }

    @Test
    void theEdgesGapWarningsNameTheSamplesItNeverRead(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("edge.log");
        Files.writeString(log, "06:10:08.461 WARN  [milo-1] SampleAssembler - machine Mill01: samples 110..112 were never read"
                + " (Sequence gap of 3); 3 samples missed in 1 gaps so far\n06:10:09.000 INFO  [x] other line\n");
        assertEquals(Set.of("Mill01#110", "Mill01#111", "Mill01#112"), EdgeNode.reportedMissed(log));
    }
}
