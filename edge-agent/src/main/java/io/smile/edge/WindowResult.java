package io.smile.edge;

import java.util.OptionalLong;

/**
 * The decrypted result of one machine window.
 *
 * @param machineId             machine id
 * @param sampleSequence        sequence number of the window's last sample (the machine's OPC UA
 *                              Sequence node, or the agent's local sample counter)
 * @param readAtMillis          local time the window's last sample was read
 * @param score                 the model's integer score (centred mod t) when the cloud shares it
 *                              (result output SCORE); empty for decision-only results (the default),
 *                              whose decrypted value is blinded and only its sign means something
 * @param alert                 whether the alert rule fired ({@code score > 0}: the cloud's model
 *                              has its threshold folded into the score)
 * @param batchSequence         the feature batch the window travelled in
 * @param windowIndex           its slot block in that batch
 * @param modelId               model that scored it
 * @param modelVersion          model version reported by the cloud
 * @param decryptedAtMillis     local time the result was decrypted
 * @param latencyMillis         end to end: decryptedAtMillis - readAtMillis
 * @param cloudEvaluationMicros the cloud's evaluation time for the whole batch
 */
public record WindowResult(String machineId, long sampleSequence, long readAtMillis, OptionalLong score, boolean alert,
                           long batchSequence, int windowIndex, String modelId, int modelVersion,
                           long decryptedAtMillis, long latencyMillis, long cloudEvaluationMicros) {
}
