package io.smile.profiles;

import java.util.Objects;
import java.util.Optional;

/**
 * A kind of edge gateway: its hardware and how it encrypts.
 *
 * @param id                    profile id (equals the file name without {@code .yaml})
 * @param description           free text
 * @param cores                 CPU cores
 * @param memoryMb              RAM in MiB
 * @param arch                  CPU architecture if given (arm64, armv7, x86_64)
 * @param bgv                   BGV parameters
 * @param machinesPerCiphertext batch size: machines packed into one ciphertext
 * @param threads               encryption threads
 * @param source                where the profile was loaded from
 */
public record GatewayProfile(String id, String description, int cores, int memoryMb, Optional<String> arch,
                             BgvSpec bgv, int machinesPerCiphertext, int threads, String source) {
    public GatewayProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(bgv, "bgv");
        Objects.requireNonNull(source, "source");
        if (cores < 1 || memoryMb < 1 || machinesPerCiphertext < 1 || threads < 1) {
            throw new IllegalArgumentException("cores, memoryMb, machinesPerCiphertext and threads must be >= 1");
        }
    }
}
