package io.smile.profiles;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * BGV parameters of a gateway: a named preset, or a custom block.
 *
 * @param preset              the preset name, empty for custom parameters
 * @param degree              ring degree N (a power of two); also the number of plaintext slots
 * @param plainModulus        plaintext modulus t (prime, t ≡ 1 mod 2N for batching)
 * @param ciphertextPrimeBits bit sizes of the ciphertext-modulus primes
 * @param specialPrimeBits    bit sizes of the key-switching special primes
 */
public record BgvSpec(Optional<BgvPresetName> preset, int degree, long plainModulus, List<Integer> ciphertextPrimeBits,
                      List<Integer> specialPrimeBits) {
    public BgvSpec {
        Objects.requireNonNull(preset, "preset");
        ciphertextPrimeBits = List.copyOf(ciphertextPrimeBits);
        specialPrimeBits = List.copyOf(specialPrimeBits);
    }

    public static BgvSpec of(BgvPresetName p) {
        return new BgvSpec(Optional.of(p), p.degree(), BgvPresetName.PLAIN_MODULUS, p.ciphertextPrimeBits(),
                p.specialPrimeBits());
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

    /**
     * The 128-bit-security bound on log2(QP) for a ternary secret (HE standard, classical), or -1
     * for degrees outside the table.
     */
    public static int maxModulusBits128(int degree) {
        switch (degree) {
            case 1024: return 27;
            case 2048: return 54;
            case 4096: return 109;
            case 8192: return 218;
            case 16384: return 438;
            case 32768: return 881;
            default: return -1;
        }
    }
}
