package io.smile.pdm.model;

import java.util.List;

/**
 * The slot-layout contract between the gateway and the cloud: window w of a ciphertext occupies
 * slots [w*B, (w+1)*B) (B = the encoding's block size, a power of two), its quantized block first and
 * zeros after it; the cloud returns window w's score in slot w*B. Rotations by 1 .. B-1 are all the
 * scoring needs, so those are the Galois keys a gateway generates. One value, used by the edge
 * (pack, keys, read scores) and by the cloud (capacity, scoring), so the two cannot drift apart.
 */
public record SlotLayout(int blockSize, int slotCount) {
    public SlotLayout {
        if (blockSize < 1 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size must be a power of two, got " + blockSize);
        }
        if (slotCount < blockSize || slotCount % blockSize != 0) {
            throw new IllegalArgumentException("block size " + blockSize + " must divide the slot count " + slotCount);
        }
    }

    /** The layout of {@code encoding}'s windows in ciphertexts of {@code slotCount} slots. */
    public static SlotLayout of(FeatureEncoding encoding, int slotCount) {
        return new SlotLayout(encoding.blockSize(), slotCount);
    }

    /** Windows one ciphertext holds. */
    public int windowsPerCiphertext() {
        return slotCount / blockSize;
    }

    /** Rotation steps the gateway's Galois keys must cover: 1 .. B-1 (diagonals and block sums). */
    public int[] rotationSteps() {
        return rotationSteps(blockSize);
    }

    /** {@link #rotationSteps()} for a block size alone (the keys do not depend on the slot count). */
    public static int[] rotationSteps(int blockSize) {
        int[] steps = new int[blockSize - 1];
        for (int i = 1; i < blockSize; i++) {
            steps[i - 1] = i;
        }
        return steps;
    }

    /** The slot vector of one ciphertext: block w in slots [w*B, w*B + block length), zeros elsewhere. */
    public long[] pack(List<long[]> blocks) {
        if (blocks.size() > windowsPerCiphertext()) {
            throw new IllegalArgumentException(blocks.size() + " windows of " + blockSize + " slots exceed " + slotCount + " slots");
        }
        long[] slots = new long[slotCount];
        for (int w = 0; w < blocks.size(); w++) {
            long[] x = blocks.get(w);
            if (x.length > blockSize) {
                throw new IllegalArgumentException("window " + w + " has " + x.length + " values, a block holds " + blockSize);
            }
            System.arraycopy(x, 0, slots, w * blockSize, x.length);
        }
        return slots;
    }

    /** Window w's score in a decrypted result (the inverse of {@link #pack} for the cloud's answer). */
    public long scoreOf(long[] decrypted, int window) {
        if (window < 0 || window >= windowsPerCiphertext() || decrypted.length != slotCount) {
            throw new IllegalArgumentException("window " + window + " of a " + decrypted.length + "-slot result, layout " + this);
        }
        return decrypted[window * blockSize];
    }
}
