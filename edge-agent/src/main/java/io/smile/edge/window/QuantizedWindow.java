package io.smile.edge.window;

/**
 * A machine window's features, quantized into one slot block and ready for packing. The block is
 * plaintext model input: it never leaves the agent unencrypted, and {@link #toString()} hides it.
 *
 * @param machineId      machine id
 * @param readAtMillis   local read time of the window's last sample
 * @param sampleSequence sequence number of the window's last sample
 * @param block          the quantized features followed by the constant slot
 */
public record QuantizedWindow(String machineId, long readAtMillis, long sampleSequence, long[] block) {
    @Override
    public String toString() {
        return "Window[" + machineId + " #" + sampleSequence + "]";
    }
}
