package io.smile.he.wire;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.BgvKeyGenerator;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.EvaluationKeys;
import io.smile.he.ring.Primes;
import io.smile.he.ring.RandomSource;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A context with keys, built deterministically, for the wire tests. Close after use. */
final class WireFixture implements AutoCloseable {
    final BgvParameters params;
    final BgvContext ctx;
    final BgvSerializer ser;
    final SecretKey sk;
    final PublicKey pk;
    final EvaluationKeys ek;

    WireFixture(BgvParameters params, long seed, int[] steps, boolean rowSwap) {
        this.params = params;
        this.ctx = BgvContext.create(params, 2, RandomSource.deterministicForTestsOnly(seed));
        this.ser = new BgvSerializer(ctx);
        BgvKeyGenerator kg = new BgvKeyGenerator(ctx);
        this.sk = kg.secretKey();
        this.pk = kg.publicKey(sk);
        this.ek = steps == null ? null : kg.evaluationKeys(sk, steps, rowSwap);
    }

    /**
     * Insecure test parameters with explicit NTT-friendly primes of the given sizes, chosen only
     * as 1 mod 2N (so, unlike the builder's choice, normally not 1 mod t: modulus switching then
     * leaves a plaintext factor different from 1).
     */
    static BgvParameters explicitPrimes(int n, long t, int[] qBits, int[] pBits) {
        Set<Long> used = new HashSet<>();
        long[] q = pick(qBits, 2L * n, used);
        long[] p = pick(pBits, 2L * n, used);
        return BgvParameters.of(n, t, q, p, true);
    }

    private static long[] pick(int[] bits, long step, Set<Long> used) {
        long[] out = new long[bits.length];
        for (int i = 0; i < bits.length; i++) {
            List<Long> candidates = new ArrayList<>(Primes.largestPrimesCongruentOne(bits[i], step, 1, used));
            out[i] = candidates.get(0);
            used.add(out[i]);
        }
        return out;
    }

    @Override
    public void close() {
        ctx.close();
    }
}
