package io.smile.he.helib;

import io.smile.he.api.HeCiphertext;

/** A native HElib ciphertext; freed by the {@link java.lang.ref.Cleaner} when unreachable. */
final class HelibCiphertext implements HeCiphertext {
    private final HelibSession session;
    private final NativeRef ref;
    private final int level;

    HelibCiphertext(HelibSession session, long id) {
        this.session = session;
        this.ref = new NativeRef(this, id);
        this.level = (int) HelibNative.ctLevel(id);
    }

    HelibSession session() {
        return session;
    }

    long id() {
        return ref.id();
    }

    @Override
    public int level() {
        return level;
    }

    @Override
    public long parameterFingerprint() {
        return session.parameterFingerprint();
    }

    @Override
    public byte[] serialize() {
        byte[] body = HelibNative.writeCiphertext(ref.id());
        java.lang.ref.Reference.reachabilityFence(this);
        return HelibEnvelope.wrap(HelibEnvelope.Kind.CIPHERTEXT, session.parameterFingerprint(), body);
    }

    @Override
    public String toString() {
        return "HeCiphertext(" + HelibBackend.NAME + ", level " + level + ")";
    }
}
