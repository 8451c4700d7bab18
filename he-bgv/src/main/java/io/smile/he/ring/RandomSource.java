package io.smile.he.ring;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where fresh 32-byte seeds come from. Production code uses {@link #secure()} (the platform's
 * SecureRandom); {@link #deterministicForTestsOnly(long)} exists so that tests and known-answer
 * vectors are reproducible and must never protect real data; {@link #expandPublicSeed(byte[])}
 * produces randomness that is public by design (every party derives the same values from a public
 * seed) and must never be used for a secret.
 */
public abstract class RandomSource {
    private RandomSource() {
    }

    public abstract byte[] freshSeed();

    public abstract boolean isDeterministic();

    public static RandomSource secure() {
        return new RandomSource() {
            private final SecureRandom random = new SecureRandom();

            @Override
            public byte[] freshSeed() {
                byte[] s = new byte[Prng.SEED_BYTES];
                random.nextBytes(s);
                return s;
            }

            @Override
            public boolean isDeterministic() {
                return false;
            }
        };
    }

    /** Reproducible seeds derived from {@code testSeed}: for tests and known-answer vectors only. */
    public static RandomSource deterministicForTestsOnly(long testSeed) {
        return new RandomSource() {
            private final AtomicLong counter = new AtomicLong();

            @Override
            public synchronized byte[] freshSeed() {
                byte[] root = new byte[Prng.SEED_BYTES];
                for (int i = 0; i < 8; i++) {
                    root[i] = (byte) (testSeed >>> (56 - 8 * i));
                }
                Prng prng = new Prng(root, counter.getAndIncrement());
                byte[] s = new byte[Prng.SEED_BYTES];
                prng.nextBytes(s);
                return s;
            }

            @Override
            public boolean isDeterministic() {
                return true;
            }
        };
    }

    /** Label of the AES-CTR stream that {@link #expandPublicSeed} reads (apart from every other use of {@link Prng}). */
    public static final long PUBLIC_SEED_LABEL = 0x5055424c49435345L; // "PUBLICSE"

    /**
     * PUBLIC randomness: the k-th {@link #freshSeed()} is bytes [32k, 32k + 32) of AES-256-CTR keyed by
     * {@code publicSeed} with IV label {@link #PUBLIC_SEED_LABEL} ({@link Prng}). Anyone who knows the
     * seed derives the same values, in the same order, which is the point: it lets several parties
     * compute the same "random" encryption of zero (a re-randomization everyone can check). Nothing
     * drawn from it is secret; never use it for a key, a secret share or an error that must stay hidden.
     */
    public static RandomSource expandPublicSeed(byte[] publicSeed) {
        if (publicSeed == null || publicSeed.length != Prng.SEED_BYTES) {
            throw new IllegalArgumentException("a public seed must be " + Prng.SEED_BYTES + " bytes");
        }
        Prng stream = new Prng(publicSeed.clone(), PUBLIC_SEED_LABEL);
        return new RandomSource() {
            @Override
            public synchronized byte[] freshSeed() {
                byte[] s = new byte[Prng.SEED_BYTES];
                stream.nextBytes(s);
                return s;
            }

            @Override
            public boolean isDeterministic() {
                return true;
            }
        };
    }
}
