/**
 * The model owner's training job ({@link io.smile.pdm.training.PdmTraining}, behind
 * {@code ./smile train} and step 1 of {@code ./smile demo}): train on AI4I data (the file or
 * generated rows) with a fixed held-out split, quantize, and check the float, quantized and
 * encrypted models on the test rows, the encrypted decisions equal to the quantized ones.
 * {@link io.smile.pdm.training.ProfileTraining} does the same for any machine profile from a
 * history CSV ({@link io.smile.pdm.training.HistoryFile}), its windows and features computed by
 * the edge's own code ({@link io.smile.pdm.training.TrainingWindows}: hw-profiles
 * {@code SlidingWindow} and {@code FeatureExtractor}); bad input is one
 * {@link io.smile.pdm.training.HistoryFormatException} naming file:line:column.
 *
 * <p>Depends on {@code io.smile.pdm.model}, ai4i-data (records, reader, generator), hw-profiles, he-api and, to run
 * the encrypted check, the BGV engine behind it (he-bgv, found by name at run time).
 */
package io.smile.pdm.training;
