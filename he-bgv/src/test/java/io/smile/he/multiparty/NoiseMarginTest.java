package io.smile.he.multiparty;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Encryptor;
import io.smile.he.bgv.Evaluator;
import io.smile.he.ring.RingContext;
import io.smile.he.ring.RnsOps;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/**
 * Measures the ciphertext noise under the collective secret s = &Sigma; s_i (reconstructed here,
 * in the test only) and checks that the maximal smudging of the level leaves a statistical margin
 * of at least lambda = 40 bits (plus log2 N for the union over coefficients) above it.
 */
class NoiseMarginTest {
    private static final BgvContext CTX = MpFixture.CTX;

    /** log2 of ||c0 + c1*s||_inf / t: the noise e of the phase m + t*e, in bits. */
    static int noiseBits(MpFixture f, Ciphertext ct) {
        RingContext ring = CTX.ring();
        int n = ring.degree();
        byte[] s = new byte[n];
        for (Party p : f.parties) {
            byte[] si = p.secretForTestsOnly();
            for (int i = 0; i < n; i++) {
                s[i] += si[i];
            }
        }
        int level = ct.level();
        int[] idx = ring.qIndices(level);
        long[][] sNtt = ring.smallToNtt(s, idx);
        long[][] v = RnsOps.copy(ct.component(0));
        RnsOps.mulAdd(ring, ct.component(1), sNtt, v, idx);
        ring.inverse(v, idx);
        BigInteger q = BigInteger.ONE;
        for (int j = 0; j <= level; j++) {
            q = q.multiply(BigInteger.valueOf(ring.modulus(j).value()));
        }
        BigInteger max = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            BigInteger x = BigInteger.ZERO;
            for (int j = 0; j <= level; j++) {
                BigInteger qj = BigInteger.valueOf(ring.modulus(j).value());
                BigInteger hat = q.divide(qj);
                x = x.add(hat.multiply(BigInteger.valueOf(v[j][i]).multiply(hat.modInverse(qj)).mod(qj)));
            }
            x = x.mod(q);
            if (x.compareTo(q.shiftRight(1)) > 0) {
                x = q.subtract(x);
            }
            max = max.max(x);
        }
        return max.divide(BigInteger.valueOf(MpFixture.PARAMS.plainModulus())).bitLength();
    }

    @Test
    void maximalSmudgingHidesTheNoiseOfAProductWithFiveParties() {
        MpFixture f = MpFixture.of(5);
        Evaluator ev = new Evaluator(CTX, f.keys);
        Encryptor enc = Encryptor.withPublicKey(CTX, f.pk);
        Ciphertext x = enc.encrypt(CTX.encoder().encode(MultipartyBgvTest.randomVector(1)));
        Ciphertext y = enc.encrypt(CTX.encoder().encode(MultipartyBgvTest.randomVector(2)));
        int fresh = noiseBits(f, x);
        Ciphertext prod = ev.rotateRows(ev.multiply(x, y), 1);
        int product = noiseBits(f, prod);
        int level = prod.level();
        int max = Smudging.maxBits(CTX, level, f.n);
        int logN = Integer.numberOfTrailingZeros(MpFixture.PARAMS.degree());
        System.out.printf("multiparty noise (5 parties, N=4096, Q=125 bits): fresh 2^%d, product+rotation 2^%d;"
                + " max smudging 2^%d; margin %d bits (lambda + log2 N, log2 N = %d)%n",
                fresh, product, max, max - product, logN);
        assertTrue(max - fresh >= 40 + logN, "fresh ciphertext margin");
        assertTrue(max - product >= 40 + logN, "product margin");
        // Smudging.bits accepts a fresh ciphertext with lambda = 40 at the top level
        assertTrue(Smudging.bits(CTX, level, f.n, fresh) <= max);
    }
}
