package io.smile.he.bench;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.EvaluationKeys;
import io.smile.he.ring.RingContext;
import io.smile.he.rlwe.KeySwitchKey;
import io.smile.he.rlwe.PublicKey;

/**
 * Sizes in bytes of the wire encodings of ciphertexts and keys, method for method the lengths of
 * what {@code io.smile.he.wire.BgvSerializer} writes.
 *
 * <p>Until that serializer is on this branch the sizes are computed from the parameters with
 * its bit-packed layout: a 32-byte header per object, then every residue row mod q_i packed at
 * bits(q_i) bits per coefficient, so {@code ceil(N * bits(q_i) / 8)} bytes per limb. A seeded
 * (secret-key) ciphertext sends c1 as its 32-byte seed; a public key sends b (L+1 limbs) plus the
 * 32-byte seed of a; a key-switching key sends b of every digit over the L+1+k primes of Q*P plus
 * one 32-byte seed for all a_i; an evaluation-key set sends one header, then each key preceded
 * by its 8-byte Galois element (0 for the relinearization key).
 */
// TODO(wire): switch to BgvSerializer — each method becomes serializer.writeX(x).length
public final class SerializedSizes {
    static final int HEADER_BYTES = 32;
    static final int SEED_BYTES = 32;
    static final int ELEMENT_BYTES = 8;

    private final BgvContext ctx;

    public SerializedSizes(BgvContext ctx) {
        this.ctx = ctx;
    }

    /** Size of writeCiphertext(ct): seed-compressed iff ct.isSeeded(). */
    public long ciphertext(Ciphertext ct) {
        long size = HEADER_BYTES;
        for (int c = 0; c < ct.size(); c++) {
            if (c == 1 && ct.isSeeded()) {
                size += SEED_BYTES;
            } else {
                for (int i = 0; i <= ct.level(); i++) {
                    size += limbBytes(i);
                }
            }
        }
        return size;
    }

    /** Size of writePublicKey(pk): b over q_0..q_L plus the seed of a. */
    public long publicKey(PublicKey pk) {
        long size = HEADER_BYTES + SEED_BYTES;
        for (int i = 0; i < pk.b().length; i++) {
            size += limbBytes(i);
        }
        return size;
    }

    /** Size of writeEvaluationKeys(keys): the relinearization key (if any) and every Galois key. */
    public long evaluationKeys(EvaluationKeys keys) {
        long size = HEADER_BYTES;
        if (keys.relinearization() != null) {
            size += ELEMENT_BYTES + keySwitchKeyBody(keys.relinearization());
        }
        for (KeySwitchKey k : keys.galois().values()) {
            size += ELEMENT_BYTES + keySwitchKeyBody(k);
        }
        return size;
    }

    /** Size of writeParameters(params): header, N, t, the prime counts and every prime as 8 bytes. */
    public static long parameters(BgvParameters params) {
        return HEADER_BYTES + 8L * (4 + params.ciphertextPrimes().length + params.specialPrimes().length);
    }

    /** digits x (L+1+k) limbs of b, plus the one seed every a_i is expanded from. */
    private long keySwitchKeyBody(KeySwitchKey k) {
        long size = SEED_BYTES;
        for (int d = 0; d < k.digits(); d++) {
            // rows are q_0..q_L then the special primes: RingContext.qpIndices(L), i.e. ring index r
            for (int r = 0; r < k.b(d).length; r++) {
                size += limbBytes(r);
            }
        }
        return size;
    }

    /** ceil(N * bits(q) / 8) for the prime with ring index {@code prime}. */
    long limbBytes(int prime) {
        RingContext ring = ctx.ring();
        long q = ring.modulus(prime).value();
        int bits = 64 - Long.numberOfLeadingZeros(q);
        return ((long) ring.degree() * bits + 7) / 8;
    }
}
