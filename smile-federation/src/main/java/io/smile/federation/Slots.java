package io.smile.federation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Contribution vectors in ciphertext slots: several ciphertexts when the width exceeds N. */
public final class Slots {
    private Slots() {
    }

    public static int ciphertexts(int width, int slots) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1");
        }
        return (width + slots - 1) / slots;
    }

    public static List<long[]> split(long[] values, int slots) {
        List<long[]> out = new ArrayList<>();
        for (int from = 0; from < values.length; from += slots) {
            out.add(Arrays.copyOfRange(values, from, Math.min(values.length, from + slots)));
        }
        return out;
    }
}
