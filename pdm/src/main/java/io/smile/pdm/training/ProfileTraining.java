package io.smile.pdm.training;

import io.smile.pdm.model.Ai4iFeatures;
import io.smile.pdm.model.FeatureEncoding;
import io.smile.profiles.HistorySpec;
import io.smile.profiles.LabelRule;
import io.smile.profiles.MachineProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Training for any machine type, from its profile and a history CSV: {@link HistoryFile} reads the
 * rows, {@link TrainingWindows} cuts and summarises them with the edge's code, and the windows go
 * through the same training core as AI4I ({@link PdmTraining#fit}). The held-out split is by unit
 * when the history has a unit column (whole run-to-failure units are held out, so no unit is seen
 * in training and testing), otherwise by window, shuffled with the seed exactly as
 * {@link PdmTraining#split} shuffles AI4I rows — so the AI4I CSV through the shipped profile gives
 * the AI4I path's model.
 */
public final class ProfileTraining {
    private final long seed;
    private final double trainFraction;
    private final PdmTraining.Tolerance tolerance;
    private final Consumer<String> log;

    public ProfileTraining(long seed, double trainFraction, Consumer<String> log) {
        this(seed, trainFraction, PdmTraining.Tolerance.DEFAULT, log);
    }

    public ProfileTraining(long seed, double trainFraction, PdmTraining.Tolerance tolerance, Consumer<String> log) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("train fraction must be in (0, 1)");
        }
        this.seed = seed;
        this.trainFraction = trainFraction;
        this.tolerance = tolerance;
        this.log = log;
    }

    /**
     * Reads, windows and trains.
     *
     * @param labelOverride the command line's label rule, or null for the profile's
     * @throws HistoryFormatException for a file that cannot be trained on
     */
    public PdmTraining.Report run(MachineProfile profile, Path csv, LabelRule labelOverride) throws IOException {
        HistorySpec history = labelOverride == null ? profile.history() : profile.history().withLabel(labelOverride);
        HistoryFile file = HistoryFile.read(csv, profile, history);
        List<TrainingWindows.Window> windows = TrainingWindows.of(file, profile);
        log.accept(String.format("%s: %d rows in %d unit(s), %d windows (length %d, step %d), label %s", csv, file.rows(),
                file.units().size(), windows.size(), profile.window().length(), profile.window().step(),
                history.label().orElseThrow()));
        return train(profile, windows, history.unitColumn().isPresent(), csv + " (profile " + profile.id() + ")");
    }

    /** Trains on computed windows; {@code byUnit} holds out whole units. */
    public PdmTraining.Report train(MachineProfile profile, List<TrainingWindows.Window> windows, boolean byUnit,
                                    String source) {
        List<TrainingWindows.Window> train = new ArrayList<>();
        List<TrainingWindows.Window> test = new ArrayList<>();
        if (byUnit) {
            Set<String> unitSet = new LinkedHashSet<>();
            windows.forEach(w -> unitSet.add(w.unit()));
            List<String> units = new ArrayList<>(unitSet);
            if (units.size() < 2) {
                throw new IllegalArgumentException("a split by unit needs at least 2 units, the history has " + units.size());
            }
            Collections.shuffle(units, new Random(seed));
            int trainUnits = Math.max(1, Math.min(units.size() - 1, (int) Math.round(units.size() * trainFraction)));
            Set<String> trainSet = Set.copyOf(units.subList(0, trainUnits));
            for (TrainingWindows.Window w : windows) {
                (trainSet.contains(w.unit()) ? train : test).add(w);
            }
            log.accept("split by unit: " + trainUnits + " units for training, " + (units.size() - trainUnits) + " held out");
        } else {
            List<TrainingWindows.Window> shuffled = new ArrayList<>(windows);
            Collections.shuffle(shuffled, new Random(seed));
            int n = (int) Math.round(shuffled.size() * trainFraction);
            train.addAll(shuffled.subList(0, n));
            test.addAll(shuffled.subList(n, shuffled.size()));
        }
        FeatureEncoding enc = Ai4iFeatures.encoding(profile);
        return new PdmTraining(seed, trainFraction, tolerance, log).fit(enc, raw(train), labels(train), raw(test), labels(test), source);
    }

    private static List<double[]> raw(List<TrainingWindows.Window> ws) {
        return ws.stream().map(TrainingWindows.Window::features).toList();
    }

    private static boolean[] labels(List<TrainingWindows.Window> ws) {
        boolean[] y = new boolean[ws.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = ws.get(i).failure();
        }
        return y;
    }
}
