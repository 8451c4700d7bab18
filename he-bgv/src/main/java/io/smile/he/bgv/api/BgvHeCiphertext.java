package io.smile.he.bgv.api;

import io.smile.he.api.HeCiphertext;
import io.smile.he.bgv.Ciphertext;

/** A handle around an engine {@link Ciphertext} (always of size 2). */
final class BgvHeCiphertext implements HeCiphertext {
    private final Ciphertext ct;
    private final BgvSession origin;

    BgvHeCiphertext(Ciphertext ct, BgvSession origin) {
        this.ct = ct;
        this.origin = origin;
    }

    Ciphertext engine() {
        return ct;
    }

    @Override
    public int level() {
        return ct.level();
    }

    @Override
    public long parameterFingerprint() {
        return ct.fingerprint();
    }

    @Override
    public byte[] serialize() {
        return origin.serializer().writeCiphertext(ct);
    }

    @Override
    public String toString() {
        return "HeCiphertext(" + BgvBackend.NAME + ", level=" + ct.level() + (ct.isSeeded() ? ", seed-compressed" : "")
                + ", params " + Long.toHexString(ct.fingerprint()) + ")";
    }
}
