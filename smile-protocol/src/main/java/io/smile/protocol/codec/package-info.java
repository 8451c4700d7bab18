/**
 * The one binary codec of SMiLe's application messages: {@link io.smile.protocol.codec.MessageWriter}
 * writes a message field by field (big-endian, length-prefixed strings and byte strings),
 * {@link io.smile.protocol.codec.MessageReader} reads it back with every length and count bounded,
 * strings as strict UTF-8 and the message consumed exactly, failing only with
 * {@link io.smile.protocol.ProtocolException}. Modules with their own exception contract catch that
 * one exception and rethrow theirs with the same message (the federation's
 * {@code FederationFormatException}, the workforce's {@code HeFormatException}). The engine's
 * formats (ciphertexts, keys, shares) are not written with it: they are the engine's.
 *
 * <p>May depend on the JDK and on {@link io.smile.protocol.ProtocolException} only (it stays in
 * {@code io.smile.protocol}, where the edge and the cloud catch it); nothing else of SMiLe.
 */
package io.smile.protocol.codec;
