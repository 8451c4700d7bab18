package io.smile.he.bgv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.ring.Primes;
import io.smile.he.ring.RandomSource;
import java.util.Collections;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** BatchEncoder on its own: round trips, slot layout, and the SIMD ring isomorphism. */
class EncodingTest {
    private final Fixture f = Fixture.deep();
    private final PlainModel m = f.model();

    @Test
    void roundTripOnEdgeCasesAndRandomVectors() {
        Random r = new Random(100);
        for (int trial = 0; trial < Math.max(1, PlainModel.tries() / 30); trial++) {
            for (PlainModel.Case c : m.cases(r)) {
                Plaintext p = f.encoder.encode(c.values);
                assertEquals(f.params.fingerprint(), p.fingerprint());
                long[] coeffs = p.coefficients();
                assertEquals(f.n, coeffs.length);
                for (long v : coeffs) {
                    assertTrue(v >= 0 && v < f.t, "coefficients in [0, t)");
                }
                assertArrayEquals(m.full(c.values), f.encoder.decode(p), c.name);
                long[] unsigned = f.encoder.decodeUnsigned(p);
                for (int i = 0; i < f.n; i++) {
                    assertEquals(m.reduce(i < c.values.length ? c.values[i] : 0), unsigned[i], c.name + " unsigned slot " + i);
                }
            }
        }
    }

    @Test
    void centredRangeBoundaries() {
        long h = (f.t - 1) / 2;
        long[] v = {h, -h, h + 1, -h - 1, f.t - 1, -(f.t - 1), f.t, -f.t, 0, Long.MAX_VALUE, Long.MIN_VALUE};
        long[] d = f.encoder.decode(f.encoder.encode(v));
        assertEquals(h, d[0]);
        assertEquals(-h, d[1]);
        assertEquals(-h, d[2], "(t+1)/2 is -(t-1)/2");
        assertEquals(h, d[3]);
        assertEquals(-1, d[4]);
        assertEquals(1, d[5]);
        assertEquals(0, d[6]);
        assertEquals(0, d[7]);
        assertEquals(m.centre(Long.MAX_VALUE), d[9]);
        assertEquals(m.centre(Long.MIN_VALUE), d[10]);
        for (int i = v.length; i < f.n; i++) {
            assertEquals(0, d[i], "unfilled slots are zero");
        }
    }

    @Test
    void tooManyValuesAndForeignPlaintextsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> f.encoder.encode(new long[f.n + 1]));
        Plaintext foreign = new Plaintext(new long[f.n], f.params.fingerprint() ^ 1);
        assertThrows(IllegalArgumentException.class, () -> f.encoder.decode(foreign));
    }

    @Test
    void encodeConstantFillsEverySlot() {
        for (long c : new long[] {0, 1, -1, f.t - 1, (f.t - 1) / 2, -(f.t - 1) / 2, 12345, Long.MIN_VALUE}) {
            long[] d = f.encoder.decode(f.encoder.encodeConstant(c));
            for (long v : d) {
                assertEquals(m.centre(c), v);
            }
        }
    }

    /** Negacyclic product of two plaintext polynomials mod (X^N + 1, t). */
    private long[] ringProduct(long[] a, long[] b) {
        int n = a.length;
        long t = f.t;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            if (a[i] == 0) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                long p = a[i] * b[j] % t;
                int k = i + j;
                if (k < n) {
                    out[k] = (out[k] + p) % t;
                } else {
                    out[k - n] = (out[k - n] - p + t) % t;
                }
            }
        }
        return out;
    }

    @Test
    void polynomialProductIsSlotWiseProduct() {
        Random r = new Random(101);
        long[] a = m.randomModT(r, f.n);
        long[] b = m.random(r, f.n - 5, 1000);
        long[] prod = ringProduct(f.encoder.encode(a).coefficients(), f.encoder.encode(b).coefficients());
        assertArrayEquals(m.mul(a, b), f.encoder.decode(new Plaintext(prod, f.params.fingerprint())));
    }

    /** a(X^g) mod (X^N + 1, t) from the definition. */
    private long[] automorphism(long[] a, long g) {
        int n = a.length;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long e = (long) i * g % (2L * n);
            if (e < n) {
                out[(int) e] = (out[(int) e] + a[i]) % f.t;
            } else {
                out[(int) (e - n)] = (out[(int) (e - n)] - a[i] + f.t) % f.t;
            }
        }
        return out;
    }

    @Test
    void slotLayoutMatchesTheGaloisAction() {
        Random r = new Random(102);
        long[] a = m.randomModT(r, f.n);
        long[] coeffs = f.encoder.encode(a).coefficients();
        for (int step : new int[] {1, 2, 7, f.half - 1, -1, -300}) {
            long g = f.ctx.rotationElement(step);
            long[] rotated = automorphism(coeffs, g);
            assertArrayEquals(m.rotate(a, step), f.encoder.decode(new Plaintext(rotated, f.params.fingerprint())),
                    "X -> X^" + g + " rotates rows by " + step);
        }
        long[] swapped = automorphism(coeffs, f.ctx.rowSwapElement());
        assertArrayEquals(m.swapRows(a), f.encoder.decode(new Plaintext(swapped, f.params.fingerprint())));
        assertEquals(1, f.ctx.rotationElement(0));
        assertEquals(1, f.ctx.rotationElement(f.half));
        assertEquals(3, f.ctx.rotationElement(1));
        assertEquals(f.ctx.rotationElement(f.half - 1), f.ctx.rotationElement(-1));
    }

    @Test
    void otherPlaintextModuli() {
        // 40961 = 5 * 8192 + 1 (16 bits) and the largest 30-bit prime = 1 mod 8192
        long t30 = Primes.largestPrimesCongruentOne(30, 8192, 1, Collections.emptySet()).get(0);
        for (long t : new long[] {40961, t30}) {
            BgvParameters p = BgvParameters.builder().degree(4096).plainModulus(t).ciphertextPrimeBits(60, 60)
                    .specialPrimeBits(61).allowInsecureForTestsOnly().build();
            try (BgvContext ctx = BgvContext.create(p, 1, RandomSource.deterministicForTestsOnly(5))) {
                PlainModel pm = new PlainModel(t, 4096);
                Random r = new Random(t);
                for (PlainModel.Case c : pm.cases(r)) {
                    assertArrayEquals(pm.full(c.values), ctx.encoder().decode(ctx.encoder().encode(c.values)), "t=" + t + " " + c);
                }
            }
        }
    }
}
