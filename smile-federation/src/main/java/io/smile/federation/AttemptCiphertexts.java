package io.smile.federation;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Evaluator;
import io.smile.he.ring.RandomSource;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.RlweEncryptor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What attempt k of round r decrypts: ct_k = aggregate + Enc_pk(0; ρ_k) under the collective public
 * key, one per ciphertext i of the aggregate, with ρ_k (the ternary u and the errors e0, e1) expanded
 * by {@link RandomSource#expandPublicSeed} from SHA-256("smile-federation retry" ‖ H_r ‖ r ‖ k ‖ i)
 * (ASCII, 32 bytes, then three big-endian 32-bit integers).
 *
 * <p>Why: a member's threshold shares of one ciphertext under two decrypting sets expose its Shamir
 * share (docs/multiparty.md, "Threshold decryption shares: reuse across active sets"), so each
 * attempt decrypts a different c1. ρ_k is public by design: every member derives ct_k itself from
 * the aggregate it verified, the coordinator derives it to combine, and nobody supplies it, so the
 * offset δ_k = c1_k − c1 is a hash output nobody chooses (no r·ct or X^j·ct). Attempt 0 is
 * re-randomized too: a coordinator colluding with a member that contributes after seeing the others
 * could otherwise steer the raw aggregate's c1 onto a small multiple of an earlier round's.
 */
final class AttemptCiphertexts {
    static final String DOMAIN = "smile-federation retry";

    private AttemptCiphertexts() {
    }

    /** The public seed of ciphertext {@code index} of attempt {@code attempt} of round {@code round}. */
    static byte[] seed(byte[] aggregateHash, int round, int attempt, int index) {
        if (aggregateHash.length != 32 || round < 0 || attempt < 0 || index < 0) {
            throw new IllegalArgumentException("attempt seed needs a 32-byte aggregate hash and non-negative indices");
        }
        byte[] domain = DOMAIN.getBytes(StandardCharsets.US_ASCII); // fixed length: the concatenation is unambiguous
        ByteBuffer b = ByteBuffer.allocate(domain.length + 32 + 12); // big-endian
        b.put(domain).put(aggregateHash).putInt(round).putInt(attempt).putInt(index);
        return Transcript.sha256(b.array());
    }

    /** ct_k for every ciphertext of the verified aggregate. */
    static List<Ciphertext> of(BgvContext ctx, PublicKey pk, List<Ciphertext> aggregate, byte[] aggregateHash, int round,
                               int attempt) {
        if (attempt >= FederationParameters.MAX_DECRYPTION_ATTEMPTS) {
            throw new IllegalArgumentException("attempt " + attempt + " exceeds the " + FederationParameters.MAX_DECRYPTION_ATTEMPTS
                    + " decryption attempts of a round");
        }
        Evaluator eval = new Evaluator(ctx, null);
        long t = ctx.parameters().plainModulus();
        List<Ciphertext> out = new ArrayList<>();
        for (int i = 0; i < aggregate.size(); i++) {
            Ciphertext ct = aggregate.get(i);
            RandomSource publicRandomness = RandomSource.expandPublicSeed(seed(aggregateHash, round, attempt, i));
            long[][][] zero = RlweEncryptor.encryptZeroPublic(ctx.ring(), t, publicRandomness, pk, ct.level(), 0);
            out.add(eval.add(ct, new Ciphertext(ctx.parameters().fingerprint(), zero, ct.level(), 1, null)));
        }
        return List.copyOf(out);
    }
}
