package io.smile.he.bgv;

import io.smile.he.rlwe.KeyGenerator;
import io.smile.he.rlwe.KeySwitchKey;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;
import java.util.LinkedHashMap;
import java.util.Map;

/** Key generation for one BGV context. */
public final class BgvKeyGenerator {
    private final BgvContext ctx;
    private final KeyGenerator gen;

    public BgvKeyGenerator(BgvContext ctx) {
        this.ctx = ctx;
        this.gen = new KeyGenerator(ctx.ring(), ctx.parameters().plainModulus(), ctx.random());
    }

    public SecretKey secretKey() {
        return gen.secretKey();
    }

    public PublicKey publicKey(SecretKey sk) {
        return gen.publicKey(sk);
    }

    public KeySwitchKey relinearizationKey(SecretKey sk) {
        return gen.relinearizationKey(sk);
    }

    public KeySwitchKey galoisKey(SecretKey sk, long element) {
        return gen.galoisKey(sk, element);
    }

    /**
     * Relinearization key plus Galois keys for left row rotations by each of {@code steps} and, if
     * asked, the row swap.
     */
    public EvaluationKeys evaluationKeys(SecretKey sk, int[] steps, boolean rowSwap) {
        Map<Long, KeySwitchKey> galois = new LinkedHashMap<>();
        for (int step : steps) {
            long g = ctx.rotationElement(step);
            if (g != 1) {
                galois.computeIfAbsent(g, e -> gen.galoisKey(sk, e));
            }
        }
        if (rowSwap) {
            galois.put(ctx.rowSwapElement(), gen.galoisKey(sk, ctx.rowSwapElement()));
        }
        return new EvaluationKeys(ctx.parameters().fingerprint(), gen.relinearizationKey(sk), galois);
    }

    /** Left rotations by 1, 2, 4, ..., N/4 and the row swap: enough for any rotation and all slot sums. */
    public EvaluationKeys evaluationKeys(SecretKey sk) {
        return evaluationKeys(sk, powerOfTwoSteps(ctx.parameters().degree()), true);
    }

    public static int[] powerOfTwoSteps(int degree) {
        int half = degree / 2;
        int count = Integer.numberOfTrailingZeros(half);
        int[] steps = new int[count];
        for (int i = 0; i < count; i++) {
            steps[i] = 1 << i;
        }
        return steps;
    }
}
