/**
 * The AI4I 2020 Predictive Maintenance data set (S. Matzka 2020, UCI, CC BY 4.0) as records: one
 * {@link io.smile.data.ai4i.Ai4iRecord} per row (sensors, product type, failure labels), the
 * strict reader of the published CSV ({@link io.smile.data.ai4i.Ai4iDataset}, whose errors are
 * {@link io.smile.data.ai4i.Ai4iFormatException}s naming the file, line and column), and a
 * seedable generator of rows that follow the data set paper
 * ({@link io.smile.data.ai4i.Ai4iGenerator}), both usable as an endless
 * {@link io.smile.data.ai4i.RecordSource} of one machine.
 *
 * <p>The file itself is not in the repository (the tests read {@code ../shared/data}). Training,
 * the simulator and the federated PdM job build on this package.
 *
 * <p>Depends on the JDK only.
 */
package io.smile.data.ai4i;
