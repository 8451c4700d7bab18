/**
 * The cloud's encrypted results to window results: {@link io.smile.edge.result.ResultHandler}
 * decrypts a {@code ResultBatch} with the gateway's key, reads each window's score, applies the
 * alert rule ({@code score > 0}), logs alerts and notifies listeners;
 * {@link io.smile.edge.result.ResultLog} appends {@code results.jsonl} / {@code alerts.jsonl}.
 *
 * <p>May depend on: {@code batch} ({@code PendingBatches}), {@code metrics},
 * {@link io.smile.edge.WindowResult}, he-api, smile-ml, smile-protocol.
 */
package io.smile.edge.result;
