/**
 * The cloud's encrypted results to window results: {@link io.smile.edge.result.ResultHandler}
 * decrypts a {@code ResultBatch} with the gateway's key, reads each window's value, applies the
 * alert rule ({@code value > 0}), keeps the score only when the result's output is SCORE
 * (decision-only results record alert yes/no), logs alerts and notifies listeners;
 * {@link io.smile.edge.result.ResultLog} appends {@code results.jsonl} / {@code alerts.jsonl}.
 *
 * <p>May depend on: {@code batch} ({@code PendingBatches}), {@code metrics}, {@code state}
 * ({@code StateWriteFailures}: lines kept in memory while the disk is full),
 * {@link io.smile.edge.WindowResult}, he-api, smile-ml, smile-protocol.
 */
package io.smile.edge.result;
