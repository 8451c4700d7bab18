package io.smile.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.multiparty.Smudging;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EnvelopeAndParametersTest {
    @Test
    void envelopeRoundTripsAndEveryCorruptionIsAFormatError() {
        Envelope e = new Envelope(Envelope.Kind.CONTRIBUTION, "plant-7", 12, 3, new byte[] {1, 2, 3, 4, 5});
        byte[] b = e.encode();
        Envelope d = Envelope.decode(b);
        assertEquals(e.kind(), d.kind());
        assertEquals("plant-7", d.federation());
        assertEquals(12, d.round());
        assertEquals(3, d.member());
        assertArrayEquals(e.payload(), d.payload());
        Random rnd = new Random(1);
        int rejected = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] m = b.clone();
            switch (i % 4) {
                case 0 -> m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> m = Arrays.copyOf(m, rnd.nextInt(m.length));
                case 2 -> m = Arrays.copyOf(m, m.length + 1 + rnd.nextInt(4));
                default -> rnd.nextBytes(m);
            }
            try {
                Envelope.decode(m);
            } catch (FederationFormatException x) {
                rejected++;
            } // any other exception fails the test
        }
        assertTrue(rejected > 1000);
        assertThrows(FederationFormatException.class, () -> Envelope.decode(new byte[0]));
        assertThrows(FederationFormatException.class, () -> Envelope.decode(null));
    }

    @Test
    void payloadsRoundTripAndRejectGarbageWithOneExceptionType() {
        SortedMap<Integer, byte[]> c = new TreeMap<>();
        c.put(1, new byte[] {1});
        c.put(4, new byte[] {4, 4});
        Payloads.Aggregate a = new Payloads.Aggregate(List.of(1, 2, 4), c, new byte[] {9});
        Payloads.Aggregate r = Payloads.readAggregate(Payloads.aggregate(a));
        assertEquals(a.decryptors(), r.decryptors());
        assertArrayEquals(new byte[] {4, 4}, r.contributions().get(4));
        Payloads.Result res = Payloads.readResult(Payloads.result(new Payloads.Result(true, List.of(1), List.of(2), new long[] {-5, 7},
                List.of(1, 2), c)));
        assertArrayEquals(new long[] {-5, 7}, res.sum());
        Random rnd = new Random(2);
        for (int i = 0; i < 500; i++) {
            byte[] g = new byte[rnd.nextInt(40)];
            rnd.nextBytes(g);
            for (Runnable p : List.<Runnable>of(() -> Payloads.readAggregate(g), () -> Payloads.readResult(g),
                    () -> Payloads.readList(g), () -> Payloads.readByMember(g), () -> Payloads.readKeysStart(g))) {
                try {
                    p.run();
                } catch (FederationFormatException expected) {
                    // the only allowed failure
                }
            }
        }
    }

    @Test
    void parametersAreSecureExactAndLeaveRoomForSmudgingTenParties() {
        BgvParameters p = FederationParameters.bgv();
        assertTrue(p.meetsSecurityStandard());
        assertTrue(p.logQP() <= BgvParameters.maxSecureLogQP(8192));
        long t = FederationParameters.PLAIN_MODULUS;
        assertTrue(BigInteger.valueOf(t).isProbablePrime(60));
        assertEquals(1, t % 16384);
        assertTrue(t < 1L << 40 && t > 1L << 37);
        try (BgvContext ctx = BgvContext.create(p, 1)) {
            int top = p.maxLevel();
            for (int n = 1; n <= FederationParameters.MAX_MEMBERS; n++) {
                int bits = FederationParameters.smudgingBits(ctx, top, n);
                assertTrue(bits <= Smudging.maxBits(ctx, top, n));
                assertTrue(bits >= FederationParameters.NOISE_BITS + 40 + 13);
            }
        }
        // headroom: members × bound < t/2
        for (int n = 1; n <= 10; n++) {
            long b = FederationParameters.maxAbsValue(n);
            assertTrue(BigInteger.valueOf(b).multiply(BigInteger.valueOf(n)).compareTo(BigInteger.valueOf(t / 2)) < 0);
            int members = n;
            assertThrows(IllegalArgumentException.class, () -> FederationParameters.checkHeadroom(members, b + 1));
        }
        // the PdM job's bound fits 10 sites
        FederationParameters.checkHeadroom(10, 1L << 33);
    }
}
