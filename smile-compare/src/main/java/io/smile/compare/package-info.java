/**
 * The measured comparison behind {@code smile compare}: HE (this product) against SMPC, central and
 * local differential privacy, synthetic data and transfer learning, each run on the same AI4I
 * train/test split the product trains on ({@link io.smile.pdm.training.PdmTraining#split}), each
 * in its own sub-package with a plaintext reference it is tested against. {@link Comparison} runs
 * them all and writes the Markdown table and the plots.
 */
package io.smile.compare;
