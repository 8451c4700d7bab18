package io.smile.workforce;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.federation.FederatedJob;
import io.smile.federation.dp.DistributedGaussian;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FederatedKMeansTest {

    private static List<FederatedKMeansJob> jobs(List<List<HrRecord>> units, KMeansJobConfig config, Random noise) {
        List<FederatedKMeansJob> out = new ArrayList<>();
        for (List<HrRecord> u : units) {
            out.add(new FederatedKMeansJob(config, u, noise));
        }
        return out;
    }

    @Test
    void exactModeEndsAtALloydFixedPointOfThePooledData() throws Exception {
        List<HrRecord> rows = TestData.rows();
        List<List<HrRecord>> units = Units.byDepartment(rows, 4);
        KMeansJobConfig config = KMeansJobConfig.exact(4, 4, 11);
        List<FederatedKMeansJob> jobs = jobs(units, config, null);
        FederatedKMeansJob observer = FederatedKMeansJob.observer(config);
        List<long[]> sums = InProcessSumHarness.run(jobs, config.maxRounds() + 1, null);
        for (int r = 0; r < sums.size(); r++) {
            assertEquals(r == sums.size() - 1, observer.finished(r, sums.get(r)));
        }
        assertTrue(sums.size() - 1 < config.maxRounds(), "converged before the round limit");
        // every unit and the observer agree on everything
        for (FederatedKMeansJob j : jobs) {
            assertArrayEquals(jobs.get(0).centroids(), j.centroids());
            assertEquals(jobs.get(0).selectedCandidate(), j.selectedCandidate());
        }
        assertArrayEquals(jobs.get(0).centroids(), observer.centroids());
        // EXACT round 0 gives the pooled standardization, so the units' rows are the pooled rows
        long[][] pooled = HrEncoding.Standardization.of(rows).quantizeAll(flatten(units));
        List<long[]> fromUnits = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (FederatedKMeansJob j : jobs) {
            fromUnits.addAll(Arrays.asList(j.localQuantizedRows()));
            for (int l : j.assignLocal()) {
                labels.add(l);
            }
        }
        assertArrayEquals(pooled, fromUnits.toArray(new long[0][]));
        // fixed point: each centroid is the rounded mean of the pooled rows nearest to it
        long[][] c = observer.centroids();
        for (int k = 0; k < c.length; k++) {
            long n = 0;
            long[] s = new long[HrEncoding.FEATURES];
            for (int i = 0; i < pooled.length; i++) {
                assertEquals(FederatedKMeansJob.nearest(pooled[i], c), labels.get(i));
                if (labels.get(i) == k) {
                    n++;
                    for (int d = 0; d < s.length; d++) {
                        s[d] += pooled[i][d];
                    }
                }
            }
            assertTrue(n > 0);
            for (int d = 0; d < s.length; d++) {
                assertEquals(Math.round((double) s[d] / n), c[k][d]);
            }
        }
        assertEquals(Double.POSITIVE_INFINITY, observer.epsilonSpent());
    }

    private static List<HrRecord> flatten(List<List<HrRecord>> units) {
        List<HrRecord> out = new ArrayList<>();
        units.forEach(out::addAll);
        return out;
    }

    @Test
    void exactFederatedMatchesPlaintextKMeansQuality() throws Exception {
        List<HrRecord> rows = TestData.rows();
        for (Units.Split split : Units.Split.values()) {
            for (int k = 3; k <= 5; k++) {
                List<List<HrRecord>> units = Units.split(rows, split, 4, 7);
                FederatedKMeansRun.Outcome o = FederatedKMeansRun.run(units, KMeansJobConfig.exact(k, 4, 1), null, 1, null);
                String what = split + " k=" + k + ": ARI " + o.ari() + " silhouette " + o.silhouetteFederated() + " vs " + o.silhouettePlain();
                assertTrue(o.converged(), what);
                assertTrue(o.ari() >= 0.9, what);
                assertTrue(o.silhouetteFederated() >= o.silhouettePlain() - 0.01, what);
                assertEquals(rows.size(), o.segments().stream().mapToInt(FederatedKMeansRun.Segment::size).sum());
            }
        }
    }

    @Test
    void dpModeAccountsItsBudgetAndStillClustersAtLargeEpsilon() throws Exception {
        List<HrRecord> rows = TestData.rows();
        List<List<HrRecord>> units = Units.byDepartment(rows, 4);
        KMeansJobConfig config = KMeansJobConfig.dp(4, 4, 0, 64, 1);
        List<FederatedKMeansJob> jobs = jobs(units, config, new Random(3));
        FederatedKMeansJob first = jobs.get(0);
        assertTrue(first.epsilonBound() <= 64 + 1e-9 && first.epsilonBound() >= 64 - 1e-6, "budget used fully: " + first.epsilonBound());
        double expected = DistributedGaussian.sigmaFor(64, config.delta(), config.maxRounds() + 1, first.roundSensitivity());
        assertEquals(expected, first.roundSigma(), 1e-9);
        List<long[]> sums = InProcessSumHarness.run(jobs, config.maxRounds() + 1, null);
        assertTrue(first.epsilonSpent() <= first.epsilonBound() + 1e-12);
        // noisy sums: not the exact ones
        long[] exact = HrEncoding.statsContribution(rows);
        assertFalse(Arrays.equals(exact, Arrays.copyOf(sums.get(0), exact.length)));

        FederatedKMeansRun.Outcome o = FederatedKMeansRun.run(units, config, new Random(4), 1, null);
        assertTrue(o.ari() > 0.7, "ARI at epsilon 64: " + o.ari());
        FederatedKMeansRun.Outcome low = FederatedKMeansRun.run(units, KMeansJobConfig.dp(4, 4, 0, 0.5, 1), new Random(4), 1, null);
        assertTrue(low.epsilonSpent() <= 0.5 + 1e-9);
        assertTrue(low.ari() < o.ari(), "less budget, worse agreement: " + low.ari() + " vs " + o.ari());
    }

    @Test
    void contractIsEnforced() throws Exception {
        List<HrRecord> rows = TestData.rows();
        KMeansJobConfig config = KMeansJobConfig.exact(3, 3, 1);
        FederatedKMeansJob job = new FederatedKMeansJob(config, rows.subList(0, 10), null);
        assertEquals(Math.max(HrEncoding.STATS_WIDTH, 8 * (3 * 48 + 1)), job.width());
        long[] c0 = job.contribution(0, null);
        for (long v : c0) {
            assertTrue(Math.abs(v) <= job.maxAbsValue());
        }
        assertThrows(IllegalArgumentException.class, () -> job.finished(0, new long[3]));
        assertThrows(IllegalStateException.class, () -> job.finished(1, new long[job.width()]));
        job.finished(0, c0);
        assertThrows(IllegalStateException.class, () -> job.finished(0, new long[job.width()]), "a different sum for a released round");
        KMeansJobConfig small = new KMeansJobConfig(3, FederatedKMeansJob.Mode.EXACT, 3, 0, 0, 0, 5, 0, 1, 100, 0, 1);
        assertThrows(IllegalArgumentException.class, () -> new FederatedKMeansJob(small, rows, null), "more rows than the public bound");
        assertThrows(IllegalArgumentException.class, () -> KMeansJobConfig.dp(3, 3, 0, 0, 1));
    }

    /** Records what each member contributed, as a member of a coalition knows its own contributions. */
    private static final class Recording implements FederatedJob {
        final FederatedKMeansJob job;
        final List<long[]> sent = new ArrayList<>();

        Recording(FederatedKMeansJob job) {
            this.job = job;
        }

        @Override
        public String name() {
            return job.name();
        }

        @Override
        public int width() {
            return job.width();
        }

        @Override
        public long maxAbsValue() {
            return job.maxAbsValue();
        }

        @Override
        public long[] contribution(int round, long[] previousSum) {
            long[] c = job.contribution(round, previousSum);
            sent.add(c.clone());
            return c;
        }

        @Override
        public boolean finished(int round, long[] sum) {
            return job.finished(round, sum);
        }
    }

    /**
     * A unit alone with one record (or any cluster holding one foreign record): the other units
     * subtract their own contributions from the released round-1 sum. EXACT: the victim's quantized
     * vector comes out exactly. DP (the coalition counted as colluders, so the victim's own noise
     * share carries the full σ): the estimate is off by far more than the data's own spread.
     */
    @Test
    void singleForeignRecordInAClusterIsExposedByExactAndHiddenByDp() throws Exception {
        List<HrRecord> rows = TestData.rows();
        List<List<HrRecord>> units = Units.byDepartment(rows, 3);
        HrRecord target = units.get(2).get(0);
        List<List<HrRecord>> attackUnits = List.of(units.get(0), units.get(1), List.of(target));
        for (FederatedKMeansJob.Mode mode : FederatedKMeansJob.Mode.values()) {
            KMeansJobConfig config = mode == FederatedKMeansJob.Mode.EXACT ? KMeansJobConfig.exact(4, 3, 2).withMaxRounds(1)
                    : KMeansJobConfig.dp(4, 3, 2, 4, 2).withMaxRounds(1);
            Random noise = new Random(17);
            List<Recording> members = new ArrayList<>();
            for (List<HrRecord> u : attackUnits) {
                members.add(new Recording(new FederatedKMeansJob(config, u, noise)));
            }
            List<long[]> sums = InProcessSumHarness.run(members, 2, null);
            long[] victim = members.get(2).job.localQuantizedRows()[0];
            // the coalition's view: round-1 sum minus its own round-1 contributions
            long[] foreign = sums.get(1).clone();
            for (int m = 0; m < 2; m++) {
                for (int i = 0; i < foreign.length; i++) {
                    foreign[i] -= members.get(m).sent.get(1)[i];
                }
            }
            int block = config.k() * 48 + 1;
            int bestS = 0;
            int bestC = 0;
            for (int s = 0; s < config.restarts(); s++) {
                for (int c = 0; c < config.k(); c++) {
                    if (foreign[s * block + c * 48 + 47] > foreign[bestS * block + bestC * 48 + 47]) {
                        bestS = s;
                        bestC = c;
                    }
                }
            }
            long[] estimate = Arrays.copyOfRange(foreign, bestS * block + bestC * 48, bestS * block + bestC * 48 + 47);
            if (mode == FederatedKMeansJob.Mode.EXACT) {
                assertEquals(FederatedKMeansJob.COUNT_WEIGHT, foreign[bestS * block + bestC * 48 + 47], "one foreign record");
                assertArrayEquals(victim, estimate, "EXACT: the coalition reads the victim's record");
            } else {
                double err = 0;
                for (int d = 0; d < estimate.length; d++) {
                    err += Math.pow(estimate[d] - victim[d], 2) / estimate.length;
                }
                double rmse = Math.sqrt(err) / HrEncoding.SCALE;
                assertTrue(rmse > 2, "DP: per-feature error " + rmse + " standard units");
            }
        }
    }

    /** Two runs that differ in one record: the difference of the round-0 releases is that record's statistics row. */
    @Test
    void differencingTwoRunsRecoversARecordUnderExactOnly() throws Exception {
        List<HrRecord> rows = TestData.rows();
        List<List<HrRecord>> units = Units.byDepartment(rows, 3);
        List<List<HrRecord>> without = new ArrayList<>(units);
        HrRecord target = units.get(1).get(5);
        List<HrRecord> smaller = new ArrayList<>(units.get(1));
        smaller.remove(5);
        without.set(1, smaller);
        long[] truth = HrEncoding.statsContribution(List.of(target));
        for (FederatedKMeansJob.Mode mode : FederatedKMeansJob.Mode.values()) {
            KMeansJobConfig config = mode == FederatedKMeansJob.Mode.EXACT ? KMeansJobConfig.exact(3, 3, 1).withMaxRounds(1)
                    : KMeansJobConfig.dp(3, 3, 0, 1, 1).withMaxRounds(1);
            Random noise = new Random(23);
            long[] a = InProcessSumHarness.run(jobs(units, config, noise), 1, null).get(0);
            long[] b = InProcessSumHarness.run(jobs(without, config, noise), 1, null).get(0);
            int m = HrSchema.NUMERIC.size();
            double err = 0;
            for (int j = 0; j < m; j++) {
                long recovered = (a[1 + j] - b[1 + j]) / HrEncoding.STATS_SUM_WEIGHT;
                long actual = truth[1 + j] / HrEncoding.STATS_SUM_WEIGHT;
                if (mode == FederatedKMeansJob.Mode.EXACT) {
                    assertEquals(actual, recovered, "EXACT: column " + HrSchema.NUMERIC.get(j).name() + " recovered exactly");
                }
                err += Math.abs(recovered - actual) / (double) m;
            }
            if (mode == FederatedKMeansJob.Mode.DP) {
                assertTrue(err > HrEncoding.STATS_LEVELS, "DP: mean error " + err + " exceeds the whole 0..63 range");
            }
        }
    }
}
