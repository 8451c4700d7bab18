package io.smile.he.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic cryptographic pseudo-random generator: AES-256 in counter mode keyed by a 32-byte
 * seed, with a 64-bit domain-separation label in the IV. It expands the public uniform
 * polynomials of keys and seeded ciphertexts (so both ends derive the same {@code a} from 32
 * bytes) and, keyed by a fresh SecureRandom seed, draws secrets and errors. Not thread-safe.
 */
public final class Prng {
    public static final int SEED_BYTES = 32;
    private static final int BLOCK = 4096;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final Cipher cipher;
    private final byte[] zeros = new byte[BLOCK];
    private final byte[] buf = new byte[BLOCK];
    private int pos = BLOCK;

    public Prng(byte[] seed, long label) {
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("seed must be " + SEED_BYTES + " bytes");
        }
        byte[] iv = new byte[16];
        for (int i = 0; i < 8; i++) {
            iv[i] = (byte) (label >>> (56 - 8 * i));
        }
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "AES"), new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR unavailable in this JVM", e);
        }
    }

    private void refill() {
        try {
            int produced = cipher.update(zeros, 0, BLOCK, buf, 0);
            if (produced != BLOCK) {
                throw new IllegalStateException("short AES-CTR output");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        pos = 0;
    }

    public int nextByte() {
        if (pos == BLOCK) {
            refill();
        }
        return buf[pos++] & 0xff;
    }

    public long nextLong() {
        if (pos > BLOCK - 8) {
            refill();
        }
        long v = (long) LONGS.get(buf, pos);
        pos += 8;
        return v;
    }

    public void nextBytes(byte[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) nextByte();
        }
    }

    /** Uniform value in [0, q) by rejection sampling on the bit length of q (no modulo bias). */
    public long uniformMod(long q) {
        int bits = 64 - Long.numberOfLeadingZeros(q - 1);
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        while (true) {
            long v = nextLong() & mask;
            if (v < q) {
                return v;
            }
        }
    }

    public void wipe() {
        Arrays.fill(buf, (byte) 0);
        pos = BLOCK;
    }
}
