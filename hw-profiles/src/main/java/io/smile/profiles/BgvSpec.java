package io.smile.profiles;

import io.smile.he.api.HePreset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * BGV parameters of a gateway: a named preset ({@link HePreset}), or a custom block checked
 * against {@link io.smile.he.api.HeSecurityStandard}.
 *
 * @param preset              the preset name, empty for custom parameters
 * @param degree              ring degree N (a power of two); also the number of plaintext slots
 * @param plainModulus        plaintext modulus t (prime, t ≡ 1 mod 2N for batching)
 * @param ciphertextPrimeBits bit sizes of the ciphertext-modulus primes
 * @param specialPrimeBits    bit sizes of the key-switching special primes
 */
public record BgvSpec(Optional<HePreset> preset, int degree, long plainModulus, List<Integer> ciphertextPrimeBits,
                      List<Integer> specialPrimeBits) {
    public BgvSpec {
        Objects.requireNonNull(preset, "preset");
        ciphertextPrimeBits = List.copyOf(ciphertextPrimeBits);
        specialPrimeBits = List.copyOf(specialPrimeBits);
    }

    /** The sizes of a named preset (the one table in he-api). */
    public static BgvSpec of(HePreset p) {
        return new BgvSpec(Optional.of(p), p.degree(), p.plainModulus(), p.ciphertextPrimeBits(), p.specialPrimeBits());
    }

    /** Number of plaintext slots (batching): N. */
    public int slots() {
        return degree;
    }

    public boolean isCustom() {
        return preset.isEmpty();
    }

    /** log2 of Q·P, the quantity bounded by the homomorphic-encryption security standard. */
    public int totalModulusBits() {
        return ciphertextPrimeBits.stream().mapToInt(Integer::intValue).sum()
                + specialPrimeBits.stream().mapToInt(Integer::intValue).sum();
    }

    /** Largest absolute value a slot can hold as a centred residue: (t-1)/2. */
    public long maxAbsSlotValue() {
        return (plainModulus - 1) / 2;
    }
}
