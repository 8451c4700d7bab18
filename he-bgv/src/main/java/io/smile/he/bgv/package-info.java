/**
 * The BGV scheme: validated parameter sets ({@link io.smile.he.bgv.BgvParameters}, refusing
 * anything above the 128-bit HE-standard bound unless insecure test parameters are asked for),
 * the named presets ({@link io.smile.he.bgv.BgvPreset}, built from he-api's
 * {@link io.smile.he.api.HePreset}), the per-parameter-set context, SIMD batch encoding,
 * encryption, decryption with a noise check, evaluation keys and the homomorphic evaluator
 * (additions, multiplications with relinearization, rotations, modulus switching).
 *
 * <p>May depend on {@link io.smile.he.rlwe}, {@link io.smile.he.ring}, the JDK, and of he-api only
 * its tables ({@link io.smile.he.api.HePreset}, {@link io.smile.he.api.HeSecurityStandard}); not
 * on {@code wire}, {@code multiparty} or the adapter {@code bgv.api} (checked by
 * {@code LayeringTest}).
 */
package io.smile.he.bgv;
