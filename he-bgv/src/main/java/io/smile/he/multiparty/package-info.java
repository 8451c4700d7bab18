/**
 * Multiparty BGV on top of the engine: n-out-of-n collective key generation (public,
 * relinearization and Galois keys from a common reference string), collective decryption and
 * public-key switching with smudging noise ({@link io.smile.he.multiparty.Party},
 * {@link io.smile.he.multiparty.ShareAggregator}, {@link io.smile.he.multiparty.Collective}), and
 * the t-out-of-n threshold layer (Shamir dealings sealed with X25519 / HKDF / AES-GCM, active sets
 * re-picked on dropouts: {@link io.smile.he.multiparty.ThresholdParty},
 * {@link io.smile.he.multiparty.ThresholdDecryption}). Shares travel in the
 * {@link io.smile.he.multiparty.ShareCodec} format (pinned by {@code ShareCodecKnownAnswerTest});
 * malformed messages raise only {@link io.smile.he.multiparty.MultipartyFormatException}. A threshold
 * party answers each ciphertext under one active set only (the share-reuse guard: shares of one c1
 * under two sets would let the requester strip the smudging; docs/multiparty.md).
 *
 * <p>May depend on {@code ring}, {@code rlwe}, {@code bgv}, {@code wire} and the JDK
 * ({@code java.*}, {@code javax.crypto}); nothing in the engine depends on it (checked by
 * {@code LayeringTest}). Transport-agnostic: it never opens a connection.
 */
package io.smile.he.multiparty;
