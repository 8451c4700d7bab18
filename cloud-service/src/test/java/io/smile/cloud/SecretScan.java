package io.smile.cloud;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Looks for key material in what the service wrote: 32-byte windows of a key, found in one pass. */
public final class SecretScan {
    private SecretScan() {
    }

    /** 32-byte windows of the secret key spread over its body (its short header may equal other keys'). */
    public static List<byte[]> chunks(byte[] key) {
        List<byte[]> out = new ArrayList<>();
        int start = Math.min(64, key.length / 4);
        int step = Math.max(1, (key.length - start - 32) / 64);
        for (int off = start; off + 32 <= key.length; off += step) {
            out.add(Arrays.copyOfRange(key, off, off + 32));
        }
        return out;
    }

    /** Whether any chunk (all 32 bytes long) occurs in the content: one pass with an 8-byte rolling key. */
    public static boolean containsAny(byte[] content, List<byte[]> chunks) {
        java.util.Map<Long, List<byte[]>> byPrefix = new java.util.HashMap<>();
        for (byte[] c : chunks) {
            byPrefix.computeIfAbsent(java.nio.ByteBuffer.wrap(c, 0, 8).getLong(), k -> new ArrayList<>()).add(c);
        }
        long rolling = 0;
        for (int i = 0; i < content.length; i++) {
            rolling = (rolling << 8) | (content[i] & 0xff);
            if (i < 7) {
                continue;
            }
            List<byte[]> candidates = byPrefix.get(rolling);
            if (candidates == null) {
                continue;
            }
            int start = i - 7;
            for (byte[] c : candidates) {
                if (start + c.length <= content.length
                        && Arrays.equals(content, start, start + c.length, c, 0, c.length)) {
                    return true;
                }
            }
        }
        return false;
    }
}
