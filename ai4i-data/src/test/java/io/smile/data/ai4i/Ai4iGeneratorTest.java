package io.smile.data.ai4i;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Ai4iGeneratorTest {
    private static final int MACHINES = 40;
    private static final int ROWS = 2500;
    /** Per machine, in order. */
    private static final List<List<Ai4iRecord>> RUNS = new ArrayList<>();
    private static final List<Ai4iRecord> ALL = new ArrayList<>();

    @BeforeAll
    static void generate() {
        for (int m = 0; m < MACHINES; m++) {
            Ai4iGenerator g = new Ai4iGenerator(1000 + m);
            List<Ai4iRecord> run = new ArrayList<>();
            for (int i = 0; i < ROWS; i++) {
                run.add(g.next());
            }
            RUNS.add(run);
            ALL.addAll(run);
        }
    }

    private static double mean(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static double std(List<Double> xs) {
        double m = mean(xs);
        return Math.sqrt(xs.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (xs.size() - 1));
    }

    @Test
    void sameSeedSameRecordsOtherSeedOtherRecords() {
        Ai4iGenerator a = new Ai4iGenerator(42);
        Ai4iGenerator b = new Ai4iGenerator(42);
        Ai4iGenerator c = new Ai4iGenerator(43);
        int differ = 0;
        for (int i = 0; i < 2000; i++) {
            Ai4iRecord ra = a.next();
            assertEquals(ra, b.next());
            if (!ra.equals(c.next())) {
                differ++;
            }
        }
        assertEquals(2000, differ);
        assertEquals(RUNS.get(0).subList(0, 100), run(1000, 100));
    }

    private static List<Ai4iRecord> run(long seed, int n) {
        Ai4iGenerator g = new Ai4iGenerator(seed);
        List<Ai4iRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(g.next());
        }
        return out;
    }

    @Test
    void torqueIsNormalAround40WithSigma10AndNeverNegative() {
        List<Double> torque = ALL.stream().map(Ai4iRecord::torqueNm).toList();
        assertEquals(40.0, mean(torque), 0.3);
        assertEquals(10.0, std(torque), 0.3);
        assertTrue(torque.stream().allMatch(t -> t > 0));
    }

    @Test
    void temperaturesFollowTheDescribedWalks() {
        List<Double> air = ALL.stream().map(Ai4iRecord::airTemperatureK).toList();
        assertEquals(300.0, mean(air), 0.7);
        assertEquals(2.0, std(air), 0.35);
        List<Double> diff = ALL.stream().map(Ai4iRecord::temperatureDifferenceK).toList();
        assertEquals(10.0, mean(diff), 0.25);
        assertEquals(1.0, std(diff), 0.2);
        // a random walk: consecutive values of one machine are close (one decimal, small steps)
        for (List<Ai4iRecord> run : RUNS) {
            for (int i = 1; i < run.size(); i++) {
                assertTrue(Math.abs(run.get(i).airTemperatureK() - run.get(i - 1).airTemperatureK()) < 0.5);
            }
        }
    }

    @Test
    void rotationalSpeedFallsWithTorqueLikeThePublishedData() {
        List<Double> speed = ALL.stream().map(r -> (double) r.rotationalSpeedRpm()).toList();
        assertEquals(1539, mean(speed), 20);
        double lowTorque = ALL.stream().filter(r -> r.torqueNm() < 30).mapToInt(Ai4iRecord::rotationalSpeedRpm)
                .average().orElseThrow();
        double highTorque = ALL.stream().filter(r -> r.torqueNm() > 50).mapToInt(Ai4iRecord::rotationalSpeedRpm)
                .average().orElseThrow();
        assertTrue(lowTorque > highTorque + 200, lowTorque + " vs " + highTorque);
        List<Double> power = ALL.stream().map(Ai4iRecord::powerW).toList();
        assertEquals(6280, mean(power), 150);
    }

    @Test
    void typesAreDrawnFiftyThirtyTwenty() {
        Map<ProductType, Integer> counts = new EnumMap<>(ProductType.class);
        ALL.forEach(r -> counts.merge(r.type(), 1, Integer::sum));
        double n = ALL.size();
        assertEquals(0.5, counts.get(ProductType.L) / n, 0.01);
        assertEquals(0.3, counts.get(ProductType.M) / n, 0.01);
        assertEquals(0.2, counts.get(ProductType.H) / n, 0.01);
        Ai4iGenerator h = new Ai4iGenerator(7, ProductType.H);
        for (int i = 0; i < 500; i++) {
            Ai4iRecord r = h.next();
            assertEquals(ProductType.H, r.type());
            assertTrue(r.productId().startsWith("H"));
        }
    }

    /** HDF, PWF, OSF recomputed here from the published (rounded) values; failure = OR of the modes. */
    @Test
    void failureRulesHoldOnEveryGeneratedRow() {
        for (Ai4iRecord r : ALL) {
            boolean hdf = r.processTemperatureK() - r.airTemperatureK() < 8.6 && r.rotationalSpeedRpm() < 1380;
            double power = r.torqueNm() * r.rotationalSpeedRpm() * 2 * Math.PI / 60;
            boolean pwf = power < 3500 || power > 9000;
            double limit = switch (r.type()) {
                case L -> 11000;
                case M -> 12000;
                case H -> 13000;
            };
            boolean osf = r.toolWearMin() * r.torqueNm() > limit;
            assertEquals(hdf, r.hdf(), () -> "HDF " + r);
            assertEquals(pwf, r.pwf(), () -> "PWF " + r);
            assertEquals(osf, r.osf(), () -> "OSF " + r);
            assertEquals(r.twf() || r.hdf() || r.pwf() || r.osf() || r.rnf(), r.machineFailure(), () -> "failure " + r);
        }
        long n = ALL.size();
        long rnf = ALL.stream().filter(Ai4iRecord::rnf).count();
        assertTrue(rnf >= 60 && rnf <= 140, "RNF count " + rnf + " of " + n + " (expected about 0.1 %)");
        for (String mode : Ai4iRecord.MODES) {
            long k = ALL.stream().filter(r -> r.mode(mode)).count();
            assertTrue(k > 0, mode + " never occurs");
        }
        double failureRate = ALL.stream().filter(Ai4iRecord::machineFailure).count() / (double) n;
        assertTrue(failureRate > 0.015 && failureRate < 0.07, "failure rate " + failureRate);
    }

    /** Wear grows by 2/3/5 min per L/M/H process; the tool is replaced or fails between 200 and 240 min. */
    @Test
    void toolWearGrowsPerTypeAndTheToolIsReplacedBetween200And240() {
        int failures = 0;
        int replacements = 0;
        for (List<Ai4iRecord> run : RUNS) {
            assertEquals(0, run.get(0).toolWearMin());
            for (int i = 1; i < run.size(); i++) {
                Ai4iRecord prev = run.get(i - 1);
                Ai4iRecord cur = run.get(i);
                int grown = prev.toolWearMin() + prev.type().toolWearIncrementMin();
                if (prev.twf()) {
                    assertEquals(0, cur.toolWearMin(), "after a tool failure the next process has a new tool");
                    assertTrue(prev.toolWearMin() >= 200 && prev.toolWearMin() < 245, prev.toString());
                    failures++;
                } else if (cur.toolWearMin() == 0) {
                    assertTrue(grown >= 200 && grown < 245, "replaced at " + grown + " min");
                    replacements++;
                } else {
                    assertEquals(grown, cur.toolWearMin());
                }
                assertTrue(cur.toolWearMin() < 245);
            }
        }
        assertTrue(failures > 0 && replacements > 0);
        double failShare = failures / (double) (failures + replacements);
        assertEquals(Ai4iGenerator.TWF_PROBABILITY, failShare, 0.08);
    }
}
