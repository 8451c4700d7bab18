package io.smile.he.demo;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.EvaluationKeys;
import io.smile.he.rlwe.KeySwitchKey;
import io.smile.he.rlwe.PublicKey;

/**
 * Bytes on the wire of what the demo would send, computed from the parameters with the
 * bit-packed layout of BgvSerializer: 32-byte header, ceil(N * bits(q_i) / 8) bytes per limb, a
 * seeded ciphertext's c1 and every public uniform polynomial as a 32-byte seed, 8 bytes of Galois
 * element before each key-switching key. Same formulas as he-bench's SerializedSizes.
 */
// TODO(wire): switch to BgvSerializer — each method becomes serializer.writeX(x).length
final class WireSizes {
    private static final int HEADER = 32;
    private static final int SEED = 32;
    private static final int ELEMENT = 8;

    private final BgvContext ctx;

    WireSizes(BgvContext ctx) {
        this.ctx = ctx;
    }

    long ciphertext(Ciphertext ct) {
        long size = HEADER;
        for (int c = 0; c < ct.size(); c++) {
            size += c == 1 && ct.isSeeded() ? SEED : limbs(ct.level() + 1);
        }
        return size;
    }

    long publicKey(PublicKey pk) {
        return HEADER + SEED + limbs(pk.b().length);
    }

    long evaluationKeys(EvaluationKeys keys) {
        long size = HEADER;
        if (keys.relinearization() != null) {
            size += ELEMENT + keySwitchKey(keys.relinearization());
        }
        for (KeySwitchKey k : keys.galois().values()) {
            size += ELEMENT + keySwitchKey(k);
        }
        return size;
    }

    private long keySwitchKey(KeySwitchKey k) {
        long size = SEED;
        for (int d = 0; d < k.digits(); d++) {
            size += limbs(k.b(d).length); // rows: q_0..q_L then the special primes, ring indices 0..
        }
        return size;
    }

    /** Bytes of limbs 0..count-1 (ring prime indices). */
    private long limbs(int count) {
        long size = 0;
        for (int i = 0; i < count; i++) {
            int bits = 64 - Long.numberOfLeadingZeros(ctx.ring().modulus(i).value());
            size += ((long) ctx.ring().degree() * bits + 7) / 8;
        }
        return size;
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KiB", bytes / 1024.0);
        }
        return String.format("%.2f MiB", bytes / (1024.0 * 1024.0));
    }
}
