package io.smile.cli.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The windows a scenario produced (the simulator's Sample sequences: with the milling profile's window of
 * one sample, one window per sample) against the windows the edge scored (its results log).
 *
 * <ul>
 *   <li>scored: distinct produced windows with a result;</li>
 *   <li>duplicated: results beyond the first for one window;</li>
 *   <li>never read: windows without a result whose sample was published while the edge was down — from
 *       its kill until the first sample the restarted edge did read (per machine);</li>
 *   <li>missed at the source: windows without a result whose sample the edge itself reported as never
 *       read, in its log's Sequence-gap warnings (the OPC UA server overwrote the value before it
 *       sampled it: on a loaded machine the simulator's server, in the test JVM, is starved too); the
 *       edge was up, saw the gap and counted it — issue 17, item 5;</li>
 *   <li>lost: every other window without a result, i.e. every window the product lost without saying so;</li>
 *   <li>unknown: results for windows the simulator never produced (must be 0).</li>
 * </ul>
 *
 * @param downFromMillis when the edge went down, or -1 if it stayed up
 */
record DeliveryCount(String scenario, long produced, long scored, long lost, long duplicated, long neverRead,
                     long missedAtSource, long unknown, long wallMillis, List<String> lostExamples) {

    static DeliveryCount of(String scenario, Map<String, Long> producedAt, List<EdgeNode.Scored> results, long downFromMillis,
                            Set<String> reportedMissed, long wallMillis) {
        Map<String, Integer> seen = new HashMap<>();
        long duplicated = 0;
        long unknown = 0;
        for (EdgeNode.Scored r : results) {
            String k = SampleStream.key(r.machine(), r.sampleSequence());
            int n = seen.merge(k, 1, Integer::sum);
            if (n > 1) {
                duplicated++;
            }
            if (n == 1 && !producedAt.containsKey(k)) {
                unknown++;
            }
        }
        // per machine: the publication time of the first sample the edge read after it went down
        Map<String, Long> backUpAt = new HashMap<>();
        if (downFromMillis >= 0) {
            for (String k : seen.keySet()) {
                Long at = producedAt.get(k);
                if (at != null && at >= downFromMillis) {
                    backUpAt.merge(machineOf(k), at, Math::min);
                }
            }
        }
        long scored = 0;
        long neverRead = 0;
        long missedAtSource = 0;
        List<String> lost = new ArrayList<>();
        Set<String> scoredKeys = new HashSet<>(seen.keySet());
        for (Map.Entry<String, Long> e : producedAt.entrySet()) {
            if (scoredKeys.contains(e.getKey())) {
                scored++;
            } else if (downFromMillis >= 0 && e.getValue() >= downFromMillis
                    && e.getValue() < backUpAt.getOrDefault(machineOf(e.getKey()), Long.MAX_VALUE)) {
                neverRead++;
            } else if (reportedMissed.contains(e.getKey())) {
                missedAtSource++;
            } else {
                lost.add(e.getKey());
            }
        }
        lost.sort(null);
        return new DeliveryCount(scenario, producedAt.size(), scored, lost.size(), duplicated, neverRead, missedAtSource, unknown,
                wallMillis,
                List.copyOf(lost.subList(0, Math.min(20, lost.size()))));
    }

    /**
     * For gateways running inside the test JVM (whose warnings are not in a file of their own): of the
     * windows without a result, as many as the gateways counted as missed samples are missed at the
     * source; never more than are missing.
     */
    DeliveryCount withMissedAtSourceCounted(long reportedBySamplesMissed) {
        long moved = Math.min(lost, reportedBySamplesMissed);
        return new DeliveryCount(scenario, produced, scored, lost - moved, duplicated, neverRead, missedAtSource + moved, unknown,
                wallMillis, lostExamples);
    }

    private static String machineOf(String key) {
        return key.substring(0, key.indexOf('#'));
    }

    static String header() {
        return String.format("| %-44s | %8s | %8s | %4s | %10s | %10s | %17s | %6s |", "scenario", "produced", "scored", "lost",
                "duplicated", "never read", "missed at source", "wall s");
    }

    String line() {
        return String.format("| %-44s | %8d | %8d | %4d | %10d | %10d | %17d | %6.0f |", scenario, produced, scored, lost, duplicated,
                neverRead, missedAtSource, wallMillis / 1000.0);
    }

    @Override
    public String toString() {
        return line() + (unknown > 0 ? " unknown " + unknown : "") + (lost > 0 ? " lost e.g. " + lostExamples : "");
    }
}
