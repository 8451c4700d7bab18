package io.smile.pdm.model;

import io.smile.profiles.FeatureExtractor;
import io.smile.profiles.FeatureSpec;
import io.smile.profiles.MachineProfile;
import io.smile.profiles.ProfileLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The predictive-maintenance features of the AI4I 2020 milling machine, exactly as the built-in
 * machine profile {@code ai4i-milling} defines them (temperature difference, speed, torque, tool
 * wear, mechanical power, wear x torque, product quality), so training and the gateways compute
 * the same inputs.
 */
public final class Ai4iFeatures {
    public static final MachineProfile PROFILE = new ProfileLoader().builtinMachineProfile("ai4i-milling");
    public static final FeatureEncoding ENCODING = encoding(PROFILE);
    private static final FeatureExtractor EXTRACTOR = new FeatureExtractor(PROFILE);

    private Ai4iFeatures() {
    }

    /** The public model-input encoding a machine profile defines (centers, spreads, quantization). */
    public static FeatureEncoding encoding(MachineProfile profile) {
        List<FeatureEncoding.Feature> features = new ArrayList<>();
        for (FeatureSpec f : profile.window().features()) {
            features.add(new FeatureEncoding.Feature(f.name(), f.center(), f.spread()));
        }
        return new FeatureEncoding(features, profile.window().resolution(), profile.window().clip());
    }

    /** Raw feature vector of one sample; type is L, M or H. */
    public static double[] raw(double airK, double processK, double rpm, double torqueNm, double toolWearMin, char type) {
        if ("LMH".indexOf(type) < 0) {
            throw new IllegalArgumentException("product type must be L, M or H, got " + type);
        }
        Map<String, Double> sample = Map.of("air_temperature", airK, "process_temperature", processK,
                "rotational_speed", rpm, "torque", torqueNm, "tool_wear", toolWearMin);
        return EXTRACTOR.features(List.of(sample), Map.of("type", String.valueOf(type)));
    }
}
