package io.smile.he.bench;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.EvaluationKeys;
import io.smile.he.bgv.Evaluator;
import io.smile.he.bgv.Plaintext;
import io.smile.he.rlwe.KeySwitchKey;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;

/**
 * Consumes benchmark results so the JIT cannot prove them unused: a value read from every result
 * is folded into a volatile field. Called outside the timed region. Contexts are closed here.
 */
final class Blackhole {
    private static volatile long sink;

    private Blackhole() {
    }

    static void consume(Object result) {
        long v;
        if (result == null) {
            throw new IllegalStateException("a benchmark returned null");
        } else if (result instanceof Ciphertext) {
            Ciphertext c = (Ciphertext) result;
            v = c.component(0)[0][0] ^ c.component(c.size() - 1)[c.level()][1] ^ c.level();
        } else if (result instanceof Plaintext) {
            v = ((Plaintext) result).coefficients()[0];
        } else if (result instanceof long[]) {
            long[] a = (long[]) result;
            v = a[0] ^ a[a.length - 1];
        } else if (result instanceof KeySwitchKey) {
            KeySwitchKey k = (KeySwitchKey) result;
            v = k.b(0)[0][0] ^ k.b(k.digits() - 1)[0][1];
        } else if (result instanceof PublicKey) {
            v = ((PublicKey) result).b()[0][0];
        } else if (result instanceof SecretKey) {
            v = ((SecretKey) result).nttView()[0][0];
        } else if (result instanceof EvaluationKeys) {
            v = ((EvaluationKeys) result).galois().size();
        } else if (result instanceof Evaluator.PreparedPlaintext) {
            v = ((Evaluator.PreparedPlaintext) result).level();
        } else if (result instanceof BgvContext) {
            BgvContext ctx = (BgvContext) result;
            v = ctx.parameters().fingerprint() ^ ctx.ring().ntt(0).hashCode();
            ctx.close();
        } else if (result instanceof Object[]) {
            for (Object o : (Object[]) result) {
                consume(o);
            }
            return;
        } else if (result instanceof Number) {
            v = ((Number) result).longValue();
        } else {
            v = result.hashCode();
        }
        sink += v;
    }

    static long sink() {
        return sink;
    }
}
