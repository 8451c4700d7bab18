/**
 * The bottom layer of the BGV engine: arithmetic in the RNS ring Z_QP[X]/(X^N+1). Word-sized
 * prime moduli ({@link io.smile.he.ring.Modulus}), the search for NTT-friendly primes, the
 * negacyclic NTT, coefficient-wise RNS operations, Galois automorphisms, the RLWE distributions
 * (ternary, discrete Gaussian), the AES-CTR expander of public seeds (also as a
 * {@code RandomSource.expandPublicSeed}: randomness every party derives alike, never secret) and the source of fresh
 * seeds, and the per-limb thread pool. Reductions, centring, modular add/sub/neg, the NTT's
 * corrections and the mapping of small (secret) coefficients to residues use sign masks, not
 * branches or divisions, so their timing does not depend on the values (docs/engine.md).
 *
 * <p>May depend on the JDK only ({@code java.*}, {@code javax.crypto} for AES); nothing in the
 * engine above it (checked by {@code LayeringTest}).
 */
package io.smile.he.ring;
