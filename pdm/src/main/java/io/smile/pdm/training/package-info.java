/**
 * The model owner's training job ({@link io.smile.pdm.training.PdmTraining}, behind
 * {@code ./smile train} and step 1 of {@code ./smile demo}): train on AI4I data (the file or
 * generated rows) with a fixed held-out split, quantize, and check the float, quantized and
 * encrypted models on the test rows, the encrypted decisions equal to the quantized ones.
 *
 * <p>Depends on {@code io.smile.pdm.model}, ai4i-data (records, reader, generator), he-api and, to run
 * the encrypted check, the BGV engine behind it (he-bgv, found by name at run time).
 */
package io.smile.pdm.training;
