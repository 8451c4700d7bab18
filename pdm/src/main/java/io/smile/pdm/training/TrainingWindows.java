package io.smile.pdm.training;

import io.smile.profiles.FeatureExtractor;
import io.smile.profiles.MachineProfile;
import io.smile.profiles.SlidingWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The windows a gateway would have built from a history, with their features and labels: each
 * unit's rows are cut by hw-profiles {@link SlidingWindow} (the profile's length and step, the rule
 * the edge's WindowAssembler uses) and summarised by the same {@link FeatureExtractor}, so the
 * model is trained on exactly what the edge will send. A window takes the attributes and the
 * label of its last row.
 */
public final class TrainingWindows {
    /** One window: its unit, the line of its last row, its raw features, its label. */
    public record Window(String unit, int lastLine, double[] features, boolean failure) {
    }

    private TrainingWindows() {
    }

    /** @throws HistoryFormatException if a unit has fewer rows than a window */
    public static List<Window> of(HistoryFile history, MachineProfile profile) {
        FeatureExtractor extractor = new FeatureExtractor(profile);
        int length = profile.window().length();
        int step = profile.window().step();
        List<Window> out = new ArrayList<>();
        for (HistoryFile.Unit unit : history.units()) {
            if (unit.rows().size() < length) {
                throw new HistoryFormatException(history.file(), unit.rows().get(0).line(), history.unitColumnNumber(), "unit '" + unit.id()
                        + "' has " + unit.rows().size() + " rows, fewer than one window (" + length + " samples, profile "
                        + profile.id() + ")");
            }
            for (List<HistoryFile.Row> rows : SlidingWindow.windows(unit.rows(), length, step)) {
                List<Map<String, Double>> samples = new ArrayList<>(rows.size());
                for (HistoryFile.Row r : rows) {
                    samples.add(r.values());
                }
                HistoryFile.Row last = rows.get(rows.size() - 1);
                out.add(new Window(unit.id(), last.line(), extractor.features(samples, last.attributes()), last.failure()));
            }
        }
        return out;
    }
}
