package io.smile.pdm.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The slot-layout contract the gateway and the cloud share, on a 16-slot toy ciphertext. */
class SlotLayoutTest {
    private final SlotLayout layout = new SlotLayout(4, 16);

    @Test
    void windowWOccupiesItsOwnBlockAndTheRestIsZero() {
        long[] slots = layout.pack(List.of(new long[] {1, 2, 3}, new long[] {-4, 5, 6, 7}));
        assertArrayEquals(new long[] {1, 2, 3, 0, -4, 5, 6, 7, 0, 0, 0, 0, 0, 0, 0, 0}, slots);
        assertEquals(4, layout.windowsPerCiphertext());
    }

    @Test
    void theScoreOfWindowWIsTheFirstSlotOfItsBlock() {
        long[] decrypted = new long[16];
        for (int i = 0; i < 16; i++) {
            decrypted[i] = 100 + i;
        }
        assertEquals(100, layout.scoreOf(decrypted, 0));
        assertEquals(104, layout.scoreOf(decrypted, 1));
        assertEquals(112, layout.scoreOf(decrypted, 3));
        assertThrows(IllegalArgumentException.class, () -> layout.scoreOf(decrypted, 4));
        assertThrows(IllegalArgumentException.class, () -> layout.scoreOf(new long[8], 0));
    }

    @Test
    void galoisKeysCoverTheRotationsOneToBlockMinusOne() {
        assertArrayEquals(new int[] {1, 2, 3}, layout.rotationSteps());
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7}, SlotLayout.rotationSteps(8));
        assertArrayEquals(new int[0], SlotLayout.rotationSteps(1));
    }

    @Test
    void tooManyWindowsOrTooWideABlockOrABadShapeIsRefused() {
        List<long[]> five = List.of(new long[1], new long[1], new long[1], new long[1], new long[1]);
        assertThrows(IllegalArgumentException.class, () -> layout.pack(five));
        assertThrows(IllegalArgumentException.class, () -> layout.pack(List.of(new long[5])));
        assertThrows(IllegalArgumentException.class, () -> new SlotLayout(3, 12));
        assertThrows(IllegalArgumentException.class, () -> new SlotLayout(8, 12));
        assertThrows(IllegalArgumentException.class, () -> new SlotLayout(32, 16));
    }

    @Test
    void theLayoutOfAnEncodingUsesItsPowerOfTwoBlock() {
        SlotLayout ai4i = SlotLayout.of(Ai4iFeatures.ENCODING, 16384);
        assertEquals(Ai4iFeatures.ENCODING.blockSize(), ai4i.blockSize());
        assertEquals(16384 / Ai4iFeatures.ENCODING.blockSize(), ai4i.windowsPerCiphertext());
    }
}
