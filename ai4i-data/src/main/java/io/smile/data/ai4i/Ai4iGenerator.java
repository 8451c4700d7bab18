package io.smile.data.ai4i;

import java.util.Random;

/**
 * Generates AI4I-2020-like records for one machine, following the data set's published
 * description (S. Matzka, AI4I 2020; UCI page "AI4I 2020 Predictive Maintenance Dataset"):
 *
 * <ul>
 *   <li>type L/M/H with 50/30/20 % (or a fixed type);</li>
 *   <li>air temperature: a random walk normalised to a standard deviation of 2 K around 300 K —
 *       implemented as a stationary AR(1) walk {@code x' = φx + sqrt(1-φ²)·2·ε} with
 *       φ = {@value #AIR_PHI} (the published file's lag-1 autocorrelation), rounded to 0.1 K;</li>
 *   <li>process temperature: air temperature + 10 K + a random walk with standard deviation
 *       1 K (φ = {@value #PROCESS_PHI}), rounded to 0.1 K;</li>
 *   <li>torque: normal around 40 Nm with σ = 10 Nm and no negative values (redrawn), rounded to
 *       0.1 Nm;</li>
 *   <li>rotational speed: "calculated from a power of 2860 W, overlaid with a normally distributed
 *       noise". Taken literally (speed = 2860 W / torque) this gives about 680 rpm at 40 Nm and
 *       would put nearly every row below the 3500 W power-failure limit, which contradicts the
 *       published data (mean 1539 rpm, about 6.3 kW, 95 power failures in 10,000 rows). We therefore
 *       keep the structure — speed falls with torque along a motor characteristic, plus normal
 *       noise — and use the characteristic {@code speed = }{@value #SPEED_K}{@code · torque^}{@value
 *       #SPEED_EXPONENT}{@code + N(0, }{@value #SPEED_NOISE_RPM}{@code )} rpm fitted to the
 *       published file (least squares on log speed against log torque), rounded to 1 rpm;</li>
 *   <li>tool wear: each process adds 2/3/5 min (L/M/H) to the tool in use;</li>
 *   <li>TWF: the tool is replaced or fails at a tool wear drawn uniformly from 200–240 min; it
 *       fails (TWF, the row shows the worn tool) with probability {@value #TWF_PROBABILITY} and is
 *       otherwise replaced before the process (the row shows 0 min); either way the next process
 *       starts with a new tool;</li>
 *   <li>HDF if process − air temperature &lt; 8.6 K and speed &lt; 1380 rpm;</li>
 *   <li>PWF if power = torque · speed · 2π/60 &lt; 3500 W or &gt; 9000 W;</li>
 *   <li>OSF if tool wear · torque &gt; 11,000 (L), 12,000 (M), 13,000 (H) min·Nm;</li>
 *   <li>RNF with probability 0.1 % per process.</li>
 * </ul>
 *
 * The failure rules are applied to the rounded values that are published. "Machine failure" is the
 * OR of the five modes (unlike in the published file, see {@link Ai4iDataset}). Seeded with
 * {@link java.util.Random} (seed scrambled by SplitMix64): this is simulation, not cryptography.
 */
public final class Ai4iGenerator implements RecordSource {
    public static final double AIR_MEAN_K = 300.0;
    public static final double AIR_STD_K = 2.0;
    public static final double AIR_PHI = 0.9994;
    public static final double PROCESS_OFFSET_K = 10.0;
    public static final double PROCESS_STD_K = 1.0;
    public static final double PROCESS_PHI = 0.9975;
    public static final double TORQUE_MEAN_NM = 40.0;
    public static final double TORQUE_STD_NM = 10.0;
    public static final double SPEED_K = 5862.0;
    public static final double SPEED_EXPONENT = -0.368;
    public static final double SPEED_NOISE_RPM = 57.0;
    public static final double TWF_MIN_WEAR = 200.0;
    public static final double TWF_MAX_WEAR = 240.0;
    public static final double TWF_PROBABILITY = 0.4;
    public static final double HDF_MAX_DIFF_K = 8.6;
    public static final int HDF_MAX_SPEED_RPM = 1380;
    public static final double PWF_MIN_W = 3500.0;
    public static final double PWF_MAX_W = 9000.0;
    public static final double RNF_PROBABILITY = 0.001;

    private final Random random;
    private final ProductType fixedType;
    private double airDeviation;
    private double processDeviation;
    private int toolWear;
    private double toolLimit;
    private int udi;

    /** A generator drawing the product type per process (50/30/20 %). */
    public Ai4iGenerator(long seed) {
        this(seed, null);
    }

    /**
     * @param seed      seed of the {@link Random}
     * @param fixedType every process uses this type; null to draw L/M/H with 50/30/20 %
     */
    public Ai4iGenerator(long seed, ProductType fixedType) {
        this.random = new Random(mix(seed));
        this.fixedType = fixedType;
        this.airDeviation = AIR_STD_K * random.nextGaussian();
        this.processDeviation = PROCESS_STD_K * random.nextGaussian();
        this.toolLimit = drawToolLimit();
    }

    /**
     * SplitMix64 finaliser: java.util.Random's first outputs are correlated for nearby seeds (the
     * simulator seeds machine i with seed + i), so the seed is scrambled first.
     */
    static long mix(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private double drawToolLimit() {
        return TWF_MIN_WEAR + (TWF_MAX_WEAR - TWF_MIN_WEAR) * random.nextDouble();
    }

    private ProductType drawType() {
        if (fixedType != null) {
            return fixedType;
        }
        double u = random.nextDouble();
        return u < ProductType.L.share() ? ProductType.L
                : u < ProductType.L.share() + ProductType.M.share() ? ProductType.M : ProductType.H;
    }

    @Override
    public Ai4iRecord next() {
        udi++;
        ProductType type = drawType();
        String productId = type.name() + (10000 + random.nextInt(90000));

        airDeviation = AIR_PHI * airDeviation + Math.sqrt(1 - AIR_PHI * AIR_PHI) * AIR_STD_K * random.nextGaussian();
        processDeviation = PROCESS_PHI * processDeviation
                + Math.sqrt(1 - PROCESS_PHI * PROCESS_PHI) * PROCESS_STD_K * random.nextGaussian();
        double air = round1(AIR_MEAN_K + airDeviation);
        double process = round1(AIR_MEAN_K + airDeviation + PROCESS_OFFSET_K + processDeviation);

        double torque;
        do {
            torque = round1(TORQUE_MEAN_NM + TORQUE_STD_NM * random.nextGaussian());
        } while (torque <= 0.0);
        int speed = (int) Math.max(1, Math.round(SPEED_K * Math.pow(torque, SPEED_EXPONENT)
                + SPEED_NOISE_RPM * random.nextGaussian()));

        boolean twf = false;
        if (toolWear >= toolLimit) {
            if (random.nextDouble() < TWF_PROBABILITY) {
                twf = true;
            } else {
                toolWear = 0;
                toolLimit = drawToolLimit();
            }
        }
        int wear = toolWear;
        boolean hdf = heatDissipationFailure(air, process, speed);
        boolean pwf = powerFailure(torque, speed);
        boolean osf = overstrainFailure(type, wear, torque);
        boolean rnf = random.nextDouble() < RNF_PROBABILITY;
        if (twf) {
            toolWear = 0;
            toolLimit = drawToolLimit();
        } else {
            toolWear += type.toolWearIncrementMin();
        }
        boolean failure = twf || hdf || pwf || osf || rnf;
        return new Ai4iRecord(udi, productId, type, air, process, speed, torque, wear, failure, twf, hdf, pwf, osf,
                rnf);
    }

    /** HDF rule: process − air &lt; 8.6 K and speed &lt; 1380 rpm. */
    public static boolean heatDissipationFailure(double airK, double processK, int speedRpm) {
        return processK - airK < HDF_MAX_DIFF_K && speedRpm < HDF_MAX_SPEED_RPM;
    }

    /** PWF rule: power outside [3500, 9000] W. */
    public static boolean powerFailure(double torqueNm, int speedRpm) {
        double power = torqueNm * speedRpm * 2.0 * Math.PI / 60.0;
        return power < PWF_MIN_W || power > PWF_MAX_W;
    }

    /** OSF rule: tool wear · torque above the type's limit. */
    public static boolean overstrainFailure(ProductType type, int toolWearMin, double torqueNm) {
        return toolWearMin * torqueNm > type.overstrainLimitMinNm();
    }

    private static double round1(double x) {
        return Math.round(x * 10.0) / 10.0;
    }
}
