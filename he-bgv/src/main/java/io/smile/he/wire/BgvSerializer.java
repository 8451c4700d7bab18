// PLACEHOLDER – replaced at merge
package io.smile.he.wire;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.EvaluationKeys;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;

/**
 * PLACEHOLDER – replaced at merge by the real serializer, which has exactly these signatures.
 * Every method throws {@link UnsupportedOperationException}; only the constructor works, so code
 * that does not touch bytes runs on this branch.
 */
public final class BgvSerializer {
    private final BgvContext ctx;

    public BgvSerializer(BgvContext ctx) {
        this.ctx = ctx;
    }

    public byte[] writeCiphertext(Ciphertext ct) {
        throw placeholder();
    }

    public Ciphertext readCiphertext(byte[] bytes) {
        throw placeholder();
    }

    public byte[] writePublicKey(PublicKey pk) {
        throw placeholder();
    }

    public PublicKey readPublicKey(byte[] bytes) {
        throw placeholder();
    }

    public byte[] writeEvaluationKeys(EvaluationKeys keys) {
        throw placeholder();
    }

    public EvaluationKeys readEvaluationKeys(byte[] bytes) {
        throw placeholder();
    }

    public byte[] writeSecretKey(SecretKey sk) {
        throw placeholder();
    }

    public SecretKey readSecretKey(byte[] bytes) {
        throw placeholder();
    }

    public static byte[] writeParameters(BgvParameters params) {
        throw placeholder();
    }

    public static BgvParameters readParameters(byte[] bytes, boolean allowInsecure) {
        throw placeholder();
    }

    private static UnsupportedOperationException placeholder() {
        return new UnsupportedOperationException("placeholder");
    }
}
