/**
 * The product's own approach, measured for the table: the quantized model's quality on the split
 * and the BGV decision-only scorer of pdm ({@link io.smile.pdm.model.EncryptedScorer}) on a few
 * ciphertexts, for its time and sizes.
 */
package io.smile.compare.he;
