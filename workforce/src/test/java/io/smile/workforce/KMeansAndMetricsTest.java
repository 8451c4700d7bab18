package io.smile.workforce;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KMeansAndMetricsTest {
    private static final int TRIES = Integer.getInteger("smile.tries", 60);

    @Test
    void adjustedRandOnHandComputedExamples() {
        assertEquals(1.0, ClusterMetrics.adjustedRand(new int[] {0, 0, 1, 1, 2}, new int[] {5, 5, 3, 3, 9}), 1e-12);
        // contingency {(0,0):2, (1,1):1, (1,2):1}: index 1, expected 1/3, max 3/2 -> 4/7
        assertEquals(4.0 / 7, ClusterMetrics.adjustedRand(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2}), 1e-12);
        assertEquals(4.0 / 7, ClusterMetrics.adjustedRand(new int[] {0, 0, 1, 2}, new int[] {0, 0, 1, 1}), 1e-12);
        // complete disagreement of pairs: {0,0,1,1} vs {0,1,0,1}: index 0, expected 2*2/6, max 2 -> -1/2
        assertEquals(-0.5, ClusterMetrics.adjustedRand(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}), 1e-12);
    }

    @Test
    void adjustedRandOfIndependentLabelingsIsNearZero() {
        Random r = new Random(1);
        double mean = 0;
        for (int t = 0; t < TRIES; t++) {
            int[] a = new int[300];
            int[] b = new int[300];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextInt(4);
                b[i] = r.nextInt(3);
            }
            double ari = ClusterMetrics.adjustedRand(a, b);
            assertTrue(ari < 0.1 && ari > -0.1);
            assertEquals(ari, ClusterMetrics.adjustedRand(b, a), 1e-12);
            mean += ari / TRIES;
        }
        assertEquals(0, mean, 0.01);
    }

    @Test
    void silhouetteOnHandComputedExample() {
        double[][] x = {{0}, {1}, {10}, {11}};
        int[] labels = {0, 0, 1, 1};
        double expected = (9.5 / 10.5 + 8.5 / 9.5) / 2;
        assertEquals(expected, ClusterMetrics.silhouette(x, labels), 1e-12);
        // a singleton contributes 0: {0} alone, {10, 11}: s(10) = (10 - 1)/10, s(11) = (11 - 1)/11
        assertEquals((0 + 0.9 + 10.0 / 11) / 3, ClusterMetrics.silhouette(new double[][] {{0}, {10}, {11}}, new int[] {0, 1, 1}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ClusterMetrics.silhouette(x, new int[] {0, 0, 0, 0}));
        // swapping the clusters' contents makes it negative
        assertTrue(ClusterMetrics.silhouette(x, new int[] {0, 1, 0, 1}) < 0);
    }

    private static double[][] blobs(Random r, int perBlob, int[] truth) {
        double[][] centres = {{0, 0, 0}, {20, 0, 0}, {0, 20, 5}};
        double[][] x = new double[3 * perBlob][];
        for (int i = 0; i < x.length; i++) {
            int b = i % 3;
            truth[i] = b;
            x[i] = new double[] {centres[b][0] + r.nextGaussian(), centres[b][1] + r.nextGaussian(), centres[b][2] + r.nextGaussian()};
        }
        return x;
    }

    @Test
    void kmeansRecoversSeparatedBlobsDeterministically() {
        Random r = new Random(5);
        for (int t = 0; t < Math.max(5, TRIES / 6); t++) {
            int[] truth = new int[150];
            double[][] x = blobs(r, 50, truth);
            KMeans.Result a = KMeans.fitBest(x, 3, t, 3, 100);
            KMeans.Result b = KMeans.fitBest(x, 3, t, 3, 100);
            assertArrayEquals(a.labels(), b.labels());
            assertEquals(1.0, ClusterMetrics.adjustedRand(truth, a.labels()), 1e-12);
            assertTrue(a.converged());
            assertTrue(ClusterMetrics.silhouette(x, a.labels()) > 0.8);
            // each centroid is the mean of its cluster, and every point is nearest its own centroid
            assertArrayEquals(a.labels(), KMeans.assign(x, a.centroids()));
        }
    }

    @Test
    void kmeansPlusPlusPicksDistinctDataPoints() {
        int[] truth = new int[60];
        double[][] x = blobs(new Random(9), 20, truth);
        double[][] c = KMeans.seedPlusPlus(x, 3, 4);
        assertArrayEquals(c, KMeans.seedPlusPlus(x, 3, 4));
        java.util.Set<Integer> blobsHit = new java.util.HashSet<>();
        for (double[] ci : c) {
            blobsHit.add(truth[KMeans.nearest(ci, x)]);
        }
        assertEquals(3, blobsHit.size(), "D² seeding on well-separated blobs starts one centre in each");
        assertThrows(IllegalArgumentException.class, () -> KMeans.seedPlusPlus(x, 61, 1));
    }
}
