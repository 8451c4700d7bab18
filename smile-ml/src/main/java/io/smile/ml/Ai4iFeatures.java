package io.smile.ml;

import java.util.List;

/**
 * The predictive-maintenance features of the AI4I 2020 milling machine, derived from one sensor
 * sample: the quantities the dataset's failure modes depend on (temperature difference and speed
 * for heat dissipation, mechanical power, tool wear times torque for overstrain, tool wear) plus
 * the product quality type. Centers and scales are the published nominal operating values, so the
 * encoding is fixed and public.
 */
public final class Ai4iFeatures {
    private Ai4iFeatures() {
    }

    public static final FeatureEncoding ENCODING = new FeatureEncoding(List.of(
            new FeatureEncoding.Feature("temp_diff_k", 10.0, 1.0),
            new FeatureEncoding.Feature("speed_rpm", 1540.0, 180.0),
            new FeatureEncoding.Feature("torque_nm", 40.0, 10.0),
            new FeatureEncoding.Feature("tool_wear_min", 108.0, 64.0),
            new FeatureEncoding.Feature("power_kw", 6.4, 1.2),
            new FeatureEncoding.Feature("wear_torque_knm_min", 4.3, 2.7),
            new FeatureEncoding.Feature("quality_type", 0.7, 0.8)),
            4, 15);

    /** Raw feature vector from one sample; type is L, M or H. */
    public static double[] raw(double airK, double processK, double rpm, double torqueNm, double toolWearMin, char type) {
        double power = torqueNm * rpm * 2 * Math.PI / 60 / 1000;
        double typeCode = switch (type) {
            case 'L' -> 0;
            case 'M' -> 1;
            case 'H' -> 2;
            default -> throw new IllegalArgumentException("product type must be L, M or H, got " + type);
        };
        return new double[] {processK - airK, rpm, torqueNm, toolWearMin, power, toolWearMin * torqueNm / 1000, typeCode};
    }
}
