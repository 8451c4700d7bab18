/**
 * The RLWE layer of the BGV engine: ternary secret keys, public keys (seed-compressed),
 * encryptions of zero, key-switching keys and hybrid key switching with special primes, all in
 * the BGV convention (errors scaled by the plaintext modulus t). The secret key has no method
 * that sends it anywhere.
 *
 * <p>Key switching has one RNS digit per ciphertext prime. Several key switches of one
 * polynomial under different automorphisms (rotations of one ciphertext) can share its
 * decomposition: {@link io.smile.he.rlwe.KeySwitcher#decompose} once, then
 * {@link io.smile.he.rlwe.KeySwitcher#switchKeyHoisted} per automorphism (hoisting,
 * Halevi-Shoup 2018).
 *
 * <p>May depend on {@link io.smile.he.ring} and the JDK; not on the scheme ({@code bgv}), the byte
 * format ({@code wire}) or anything above (checked by {@code LayeringTest}).
 */
package io.smile.he.rlwe;
