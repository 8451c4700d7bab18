/**
 * Samples to quantized feature windows: {@link io.smile.edge.window.WindowAssembler} keeps a
 * machine's last {@code length} samples and, every {@code step} samples, computes the profile's
 * features (hw-profiles {@code FeatureExtractor}) and quantizes them (smile-ml
 * {@code FeatureEncoding}) into one {@link io.smile.edge.window.QuantizedWindow};
 * {@link io.smile.edge.window.MachineWindows} routes each sample to its machine's assembler.
 * Windows are plaintext model input: they leave this package only towards encryption.
 *
 * <p>May depend on: {@code opcua} ({@code Sample} only), {@code metrics}, hw-profiles, smile-ml.
 * No I/O.
 */
package io.smile.edge.window;
