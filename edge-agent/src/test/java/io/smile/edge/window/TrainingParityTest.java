package io.smile.edge.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smile.edge.metrics.Counters;
import io.smile.edge.opcua.Sample;
import io.smile.pdm.model.Ai4iFeatures;
import io.smile.pdm.model.FeatureEncoding;
import io.smile.pdm.training.HistoryFile;
import io.smile.pdm.training.TrainingWindows;
import io.smile.profiles.FleetMachine;
import io.smile.profiles.MachineProfile;
import io.smile.profiles.ProfileLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Training and the edge cannot drift: the rows of a pump history, fed to the edge's
 * {@link WindowAssembler} as OPC UA samples (the profile's window step, 10 / 5), give exactly the
 * quantized blocks that training computes from the same rows ({@link TrainingWindows}).
 */
class TrainingParityTest {
    @Test
    void theEdgesWindowsOfAHistoryAreTheTrainingWindows() {
        MachineProfile pump = new ProfileLoader().builtinMachineProfile("centrifugal-pump");
        Random r = new Random(3);
        StringBuilder csv = new StringBuilder("unit,cycle,vibration_rms,bearing_temperature,suction_pressure,"
                + "discharge_pressure,flow,motor_current,speed\n");
        for (int t = 1; t <= 47; t++) {
            csv.append(String.format(java.util.Locale.ROOT, "P1,%d,%.3f,%.2f,%.3f,%.3f,%.2f,%.2f,%.0f%n", t,
                    3 + 0.05 * t + 0.3 * r.nextGaussian(), 60 + 0.2 * t + r.nextGaussian(), 2 + 0.03 * r.nextGaussian(),
                    7.8 + 0.1 * r.nextGaussian(), 145 + 3 * r.nextGaussian(), 83 + r.nextGaussian(), 2950 + 4 * r.nextGaussian()));
        }
        HistoryFile history = HistoryFile.parse(csv.toString(), "p.csv", pump, pump.history());
        FeatureEncoding enc = Ai4iFeatures.encoding(pump);
        List<List<Long>> trained = new ArrayList<>();
        for (TrainingWindows.Window w : TrainingWindows.of(history, pump)) {
            trained.add(Arrays.stream(enc.quantize(w.features())).boxed().toList());
        }

        List<QuantizedWindow> out = new ArrayList<>();
        WindowAssembler edge = new WindowAssembler(new FleetMachine("P1", pump, Map.of()), enc, 0, out::add, new Counters());
        long seq = 0;
        for (HistoryFile.Row row : history.units().get(0).rows()) {
            edge.accept(new Sample("P1", ++seq, row.values(), Map.of(), 1000 + seq));
        }
        List<List<Long>> scored = out.stream().map(w -> Arrays.stream(w.block()).boxed().toList()).toList();
        assertEquals(8, trained.size()); // 47 samples, windows of 10 every 5: ending at 10, 15, ..., 45
        assertEquals(trained, scored);
        assertEquals(List.of(10L, 15L, 20L, 25L, 30L, 35L, 40L, 45L), out.stream().map(QuantizedWindow::sampleSequence).toList());
    }
}
