/**
 * The engine's byte formats: {@link io.smile.he.wire.BgvSerializer} writes and strictly validates
 * parameters, keys, ciphertexts and plaintexts (format version 1, pinned by
 * {@code WireKnownAnswerTest}); untrusted input ends in a
 * {@link io.smile.he.wire.WireFormatException}, never another exception.
 * {@link io.smile.he.wire.LimbPacker} is the one packer of polynomial rows into bit streams, in
 * the serializer's bit order (most significant bit first) and in that of the multiparty share
 * format (least significant bit first).
 *
 * <p>May depend on {@link io.smile.he.bgv}, {@link io.smile.he.rlwe}, {@link io.smile.he.ring} and
 * the JDK; used by {@code multiparty} and {@code bgv.api} only (checked by {@code LayeringTest}).
 */
package io.smile.he.wire;
