package io.smile.workforce;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeFormatException;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Encrypted distances equal the plaintext quantized distances exactly; malformed requests are refused. */
class SegmentAssignmentTest {
    private static final int TRIES = Integer.getInteger("smile.tries", 60);
    private static HeSession session;
    private static HeKeyOwner owner;
    private static HeEvaluator cloud;

    @BeforeAll
    static void setUp() {
        session = HeBackend.byName("bgv-java").open(AssignmentLayout.spec());
        assertFalse(session.isInsecure(), "the product parameters meet the 128-bit bound");
        owner = session.generateKeys(AssignmentLayout.rotationSteps());
        cloud = session.evaluator(owner.exportPublicKey(), owner.exportEvaluationKeys());
    }

    @AfterAll
    static void tearDown() {
        owner.close();
        session.close();
    }

    private static long[] randomVector(Random r, int bound) {
        long[] x = new long[HrEncoding.FEATURES];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(2 * bound + 1) - bound;
        }
        return x;
    }

    private static long[][] randomCentroids(Random r, int k) {
        long[][] c = new long[k][];
        for (int i = 0; i < k; i++) {
            c[i] = randomVector(r, HrEncoding.CLIP_Q);
        }
        return c;
    }

    /** Runs one request and checks every distance and that all other slots decrypt to 0. */
    private static long[][] check(long[][] centroids, List<long[]> xs) {
        int k = centroids.length;
        SegmentAssignmentService service = new SegmentAssignmentService(centroids, cloud, 64);
        SegmentClient client = new SegmentClient(owner, k);
        byte[] response = service.handle(client.request(xs));
        HeCiphertext ct = session.readCiphertext(Arrays.copyOfRange(response, 12, response.length));
        assertEquals(0, ct.level(), "returned at the lowest level");
        long[] slots = owner.decryptChecked(ct);
        long[][] d = client.distances(response);
        for (int e = 0; e < xs.size(); e++) {
            for (int c = 0; c < k; c++) {
                assertEquals(FederatedKMeansJob.dist2(xs.get(e), centroids[c]), d[e][c], "employee " + e + " centroid " + c);
            }
            assertEquals(FederatedKMeansJob.nearest(xs.get(e), centroids), SegmentClient.argMin(d)[e]);
        }
        for (int s = 0; s < slots.length; s++) {
            boolean result = s % AssignmentLayout.BLOCK == 0 && s / AssignmentLayout.BLOCK < xs.size() * k;
            if (!result) {
                assertEquals(0, slots[s], "non-result slot " + s + " is zero");
            }
        }
        return d;
    }

    @Test
    void randomVectorsFillingEveryBlock() {
        Random r = new Random(1);
        int rounds = Math.max(2, TRIES / 20);
        for (int t = 0; t < rounds; t++) {
            int k = 2 + r.nextInt(4);
            int cap = AssignmentLayout.capacity(session.slotCount(), k);
            int n = t == 0 ? cap : 1 + r.nextInt(cap);
            List<long[]> xs = new ArrayList<>();
            for (int e = 0; e < n; e++) {
                xs.add(randomVector(r, HrEncoding.CLIP_Q));
            }
            check(randomCentroids(r, k), xs);
        }
        // k = 4: 64 employees use all 16384 slots
        assertEquals(session.slotCount(), AssignmentLayout.capacity(session.slotCount(), 4) * 4 * AssignmentLayout.BLOCK);
    }

    @Test
    void edgeCasesZeroVectorAndTheLargestDistance() {
        long[] max = new long[HrEncoding.FEATURES];
        long[] min = new long[HrEncoding.FEATURES];
        Arrays.fill(max, HrEncoding.CLIP_Q);
        Arrays.fill(min, -HrEncoding.CLIP_Q);
        long[][] centroids = {min, new long[HrEncoding.FEATURES], max, min.clone()};
        List<long[]> xs = new ArrayList<>();
        for (int e = 0; e < AssignmentLayout.capacity(session.slotCount(), 4); e++) {
            xs.add(e % 3 == 0 ? new long[HrEncoding.FEATURES] : e % 3 == 1 ? max : min);
        }
        long[][] d = check(centroids, xs);
        assertEquals(AssignmentLayout.MAX_DISTANCE, d[1][0], "the largest possible distance decrypts without wrapping");
        assertEquals(0, d[0][1]);
        assertEquals(0, d[2][0]);
        assertEquals(0, d[1][2]);
        assertEquals(AssignmentLayout.MAX_DISTANCE, d[2][2]);
        assertEquals(0, SegmentClient.argMin(new long[][] {{0, 1, 2, 0}})[0], "ties go to the lowest index");
        assertEquals(2, SegmentClient.argMin(new long[][] {{5, 1, 0, 3}})[0]);
    }

    @Test
    void realRowsGetTheirPlaintextSegments() throws Exception {
        List<HrRecord> rows = TestData.rows();
        List<List<HrRecord>> units = Units.byDepartment(rows, 4);
        KMeansJobConfig config = KMeansJobConfig.exact(5, 4, 1);
        List<FederatedKMeansJob> jobs = new ArrayList<>();
        for (List<HrRecord> u : units) {
            jobs.add(FederatedKMeansJob.forUnit(config, u));
        }
        InProcessSumHarness.run(jobs, config.maxRounds() + 1, null);
        FederatedKMeansJob unit = jobs.get(1);
        long[][] local = unit.localQuantizedRows();
        int[] expected = unit.assignLocal();
        int cap = AssignmentLayout.capacity(session.slotCount(), 5);
        List<long[]> xs = Arrays.asList(local).subList(0, cap);
        SegmentAssignmentService service = new SegmentAssignmentService(unit.centroids(), cloud, 64);
        SegmentClient client = new SegmentClient(owner, 5);
        int[] got = client.assign(service.handle(client.request(xs)));
        assertArrayEquals(Arrays.copyOf(expected, cap), got);
        check(unit.centroids(), xs);
    }

    @Test
    void noiseAtTheFloodingLevelStaysBelowTheDocumentedBound() {
        // worst case for magnitude: every slot of every block at ±256, centroids at the opposite corner
        Random r = new Random(4);
        long[][] centroids = new long[4][HrEncoding.FEATURES];
        List<long[]> xs = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            for (int d = 0; d < HrEncoding.FEATURES; d++) {
                centroids[c][d] = r.nextBoolean() ? HrEncoding.CLIP_Q : -HrEncoding.CLIP_Q;
            }
        }
        for (int e = 0; e < AssignmentLayout.capacity(session.slotCount(), 4); e++) {
            long[] x = new long[HrEncoding.FEATURES];
            for (int d = 0; d < x.length; d++) {
                x[d] = r.nextBoolean() ? HrEncoding.CLIP_Q : -HrEncoding.CLIP_Q;
            }
            xs.add(x);
        }
        SegmentAssignmentService service = new SegmentAssignmentService(centroids, cloud, 64);
        HeCiphertext x = owner.encrypt(AssignmentLayout.pack(xs, 4, session.slotCount()), AssignmentLayout.REQUEST_LEVEL);
        HeCiphertext s = service.beforeFlooding(x, xs.size());
        assertEquals(SegmentAssignmentService.FLOOD_LEVEL, s.level());
        // budget = log2(Q_l) - 2 - log2|v| and |v| ~ t * E  =>  log2 E = log2(Q_l) - 2 - budget - log2 t
        double logQ = 120; // two 60-bit primes at level 1
        double logE = logQ - 2 - owner.noiseBudget(s) - Math.log(session.plainModulus()) / Math.log(2);
        assertTrue(logE <= SegmentAssignmentService.NOISE_BOUND_BITS - 1, "log2 E = " + logE);
        System.out.printf("assignment: log2 |noise/t| at the flooding level = %.1f (bound %d)%n", logE,
                SegmentAssignmentService.NOISE_BOUND_BITS);
    }

    @Test
    void paddedRequestsHideTheBatchSize() {
        Random r = new Random(8);
        long[][] centroids = randomCentroids(r, 4);
        SegmentAssignmentService service = new SegmentAssignmentService(centroids, cloud, 64);
        SegmentClient client = new SegmentClient(owner, 4);
        List<long[]> xs = List.of(randomVector(r, 200), randomVector(r, 200), randomVector(r, 200));
        byte[] padded = client.paddedRequest(xs);
        assertEquals(client.capacity(), ByteBuffer.wrap(padded).getInt(4), "the header shows the capacity, not 3");
        assertEquals(client.request(xs).length, padded.length);
        long[][] d = client.distances(service.handle(padded));
        assertEquals(client.capacity(), d.length);
        for (int e = 0; e < xs.size(); e++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(FederatedKMeansJob.dist2(xs.get(e), centroids[c]), d[e][c]);
            }
        }
    }

    @Test
    void malformedRequestsAreRefusedWithTheFormatException() {
        Random r = new Random(3);
        long[][] centroids = randomCentroids(r, 3);
        SegmentAssignmentService service = new SegmentAssignmentService(centroids, cloud, 64);
        SegmentClient client = new SegmentClient(owner, 3);
        byte[] good = client.request(List.of(randomVector(r, 10)));
        List<byte[]> bad = new ArrayList<>();
        bad.add(new byte[0]);
        bad.add(Arrays.copyOf(good, 11));
        bad.add(Arrays.copyOf(good, good.length - 1));
        byte[] magic = good.clone();
        magic[0] ^= 1;
        bad.add(magic);
        byte[] count = good.clone();
        ByteBuffer.wrap(count).putInt(4, service.capacity() + 1);
        bad.add(count);
        byte[] zero = good.clone();
        ByteBuffer.wrap(zero).putInt(4, 0);
        bad.add(zero);
        byte[] garbage = good.clone();
        for (int i = 12; i < 40; i++) {
            garbage[i] = (byte) r.nextInt();
        }
        bad.add(garbage);
        byte[] random = new byte[2000];
        r.nextBytes(random);
        bad.add(random);
        byte[] low = owner.encrypt(AssignmentLayout.pack(List.of(randomVector(r, 10)), 3, session.slotCount()),
                SegmentAssignmentService.MIN_REQUEST_LEVEL - 1).serialize();
        ByteBuffer lb = ByteBuffer.allocate(12 + low.length);
        lb.putInt(0x57534131).putInt(1).putInt(low.length).put(low);
        bad.add(lb.array());
        for (byte[] b : bad) {
            assertThrows(HeFormatException.class, () -> service.handle(b));
        }
        assertThrows(HeFormatException.class, () -> client.distances(good), "a request is not a response");
        // the good request still works
        assertEquals(1, client.distances(service.handle(good)).length);
        // out-of-range features are refused on both sides
        long[] tooBig = new long[HrEncoding.FEATURES];
        tooBig[0] = HrEncoding.CLIP_Q + 1;
        assertThrows(IllegalArgumentException.class, () -> client.request(List.of(tooBig)));
        assertThrows(IllegalArgumentException.class, () -> new SegmentAssignmentService(new long[][] {tooBig, tooBig}, cloud, 64));
    }
}
