package io.smile.compare;

/**
 * One row of the comparison table. Numbers that an approach does not have are NaN (shown as "—");
 * every number is measured by the run that writes the table.
 *
 * @param predictionMs compute per prediction, milliseconds (inference cost of the private pipeline)
 * @param trainingMs   compute of one training run, milliseconds (NaN where the approach does not train)
 * @param bytesMoved   bytes that cross the network per batch (described in {@code bytesNote})
 * @param rounds       communication rounds (NaN where the approach has no interaction)
 */
public record Result(String approach, String variant, double f1, double rocAuc, double predictionMs, double trainingMs,
                     double bytesMoved, String bytesNote, double rounds, String learns, String trust, String breaks) {
}
