/**
 * The small, backend-neutral interface to SMiLe's homomorphic encryption (BGV with SIMD batching).
 *
 * <p>Everything starts at a {@link io.smile.he.api.HeBackend}, found by name through
 * {@link java.util.ServiceLoader} ({@link io.smile.he.api.HeBackend#byName(String)}). A backend
 * {@linkplain io.smile.he.api.HeBackend#open opens} a {@link io.smile.he.api.HeSession} for one
 * parameter set ({@link io.smile.he.api.HeParameterSpec}). From the session:
 * <ul>
 *   <li>the <b>edge</b> (the data owner) creates a {@link io.smile.he.api.HeKeyOwner}: it
 *       generates or re-imports the secret key, encrypts vectors of integers and decrypts results,
 *       and exports the public key and evaluation keys as bytes for the cloud;</li>
 *   <li>the <b>cloud</b> builds a {@link io.smile.he.api.HeEvaluator} from those bytes and
 *       computes on {@link io.smile.he.api.HeCiphertext}s it reads from bytes, without ever
 *       seeing a secret key.</li>
 * </ul>
 *
 * <p>Ciphertexts and prepared plaintexts are opaque handles: only the backend that made them can
 * use them, and only with a session of the same parameter set. Data crossing a trust boundary
 * travels as bytes ({@code export*}, {@link io.smile.he.api.HeCiphertext#serialize()}); bytes
 * that cannot be parsed, or belong to another parameter set, raise
 * {@link io.smile.he.api.HeFormatException}. Other operational failures (missing evaluation key,
 * exhausted noise budget, refused parameters) raise {@link io.smile.he.api.HeException}.
 * Programming errors (null arguments, a vector longer than the slot count, a level out of range,
 * a handle from another backend or parameter set) raise the usual
 * {@link java.lang.IllegalArgumentException} / {@link java.lang.IllegalStateException}.
 *
 * <p>Plaintext arithmetic is on integers modulo the plaintext modulus t, slot by slot. Values
 * are accepted as any {@code long} (reduced mod t) and returned centred in (-t/2, t/2].
 *
 * <p>The backend-neutral facts live here once: the named parameter sets by value
 * ({@link io.smile.he.api.HePreset}: N, t, the bit sizes of the modulus chain, the depth) and the
 * HomomorphicEncryption.org 128-bit bound on log2(QP) per N
 * ({@link io.smile.he.api.HeSecurityStandard}). The engine builds its presets from them and the
 * gateway profiles check custom parameters against them, so the two cannot drift apart.
 *
 * <p>One process-wide tuning knob: {@link io.smile.he.api.HeBackend#setExpandedKeyCacheBytes(long)}
 * caps the memory a backend may spend re-expanding compactly held evaluation keys (a no-op by
 * default; the cloud sets it from {@code smile.keys.expanded-cache-mb}). Results never depend on it.
 *
 * <p>Depends on the JDK only; backends depend on this package, never the reverse.
 */
package io.smile.he.api;
