/**
 * The HElib backend ({@code helib}) of {@link io.smile.he.api}: HElib 2.2's BGV through a small
 * JNI shim ({@code libsmile_helib.so}, built by the {@code native-helib} Maven profile).
 *
 * <p>Native objects are opaque ids in the shim's registry, never pointers: a closed, freed or
 * forged id is refused there. Java objects free their native side on {@code close()} or, failing
 * that, through a {@link java.lang.ref.Cleaner}. Bytes travel in the product's envelope
 * ({@link io.smile.he.helib.HelibEnvelope}: magic {@code SMHL}, version, kind, parameter
 * fingerprint) around HElib's own binary format, which the shim walks with bounds checks before
 * HElib reads it. The native library is loaded on the first {@code open()}, so listing backends
 * never fails where it is missing.
 */
package io.smile.he.helib;
