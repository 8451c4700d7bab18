package io.smile.he.ring;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where fresh 32-byte seeds come from. Production code uses {@link #secure()} (the platform's
 * SecureRandom); {@link #deterministicForTestsOnly(long)} exists so that tests and known-answer
 * vectors are reproducible and must never protect real data.
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
}
