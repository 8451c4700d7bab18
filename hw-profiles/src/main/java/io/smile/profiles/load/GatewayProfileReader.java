package io.smile.profiles.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.smile.he.api.HePreset;
import io.smile.he.api.HeSecurityStandard;
import io.smile.profiles.BgvSpec;
import io.smile.profiles.GatewayProfile;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a gateway profile: schema first, then threads against cores, the BGV block (a preset,
 * or custom sizes checked for batching and against the 128-bit bound) and the batch size against
 * the slots, all reported together.
 */
public final class GatewayProfileReader {
    private final SchemaValidator validator;

    public GatewayProfileReader(SchemaValidator validator) {
        this.validator = validator;
    }

    /**
     * @param expectedId the id the file name demands, or null (text without a file name check)
     */
    public GatewayProfile read(YamlDocument doc, String expectedId) {
        JsonNode root = validator.parseAndValidate(doc, SchemaValidator.Kind.GATEWAY_PROFILE);
        Issues issues = new Issues(doc.name());
        String id = root.get("id").asText();
        issues.checkId(id, expectedId);
        JsonNode hw = root.get("hardware");
        int cores = hw.get("cores").asInt();
        int memoryMb = hw.get("memoryMb").asInt();
        Optional<String> arch = hw.has("arch") ? Optional.of(hw.get("arch").asText()) : Optional.empty();
        int threads = root.get("threads").asInt();
        if (threads > cores) {
            issues.add("$.threads", "threads (" + threads + ") must not exceed hardware.cores (" + cores + ")");
        }

        JsonNode bgvNode = root.get("bgv");
        BgvSpec bgv = null;
        if (bgvNode.has("preset") == bgvNode.has("custom")) {
            issues.add("$.bgv", "give exactly one of 'preset' (one of "
                    + List.of(HePreset.values()) + ") or 'custom'");
        } else if (bgvNode.has("preset")) {
            bgv = BgvSpec.of(HePreset.valueOf(bgvNode.get("preset").asText()));
        } else {
            bgv = customBgv(issues, bgvNode.get("custom"));
        }
        int batch = root.get("machinesPerCiphertext").asInt();
        if (bgv != null && batch > bgv.slots()) {
            issues.add("$.machinesPerCiphertext", "batch size " + batch + " exceeds the " + bgv.slots()
                    + " slots of a ciphertext (ring degree " + bgv.degree() + ")");
        }
        issues.throwIfAny();
        return new GatewayProfile(id, root.get("description").asText(), cores, memoryMb, arch, bgv, batch, threads,
                doc.name());
    }

    /** Custom sizes, or null after recording why they are refused. */
    private static BgvSpec customBgv(Issues issues, JsonNode c) {
        String p = "$.bgv.custom";
        int degree = c.get("degree").asInt();
        long t = c.get("plainModulus").asLong();
        List<Integer> q = new ArrayList<>();
        c.get("ciphertextPrimeBits").forEach(n -> q.add(n.asInt()));
        List<Integer> sp = new ArrayList<>();
        c.get("specialPrimeBits").forEach(n -> sp.add(n.asInt()));
        int before = issues.count();
        if (!BigInteger.valueOf(t).isProbablePrime(64)) {
            issues.add(p + ".plainModulus", "plain modulus " + t + " is not prime");
        } else if ((t - 1) % (2L * degree) != 0) {
            issues.add(p + ".plainModulus", "plain modulus " + t + " is not 1 mod 2N = " + (2L * degree)
                    + "; batching (one value per slot) needs t ≡ 1 (mod 2N)");
        }
        int minQ = q.stream().mapToInt(Integer::intValue).min().orElse(0);
        if (64 - Long.numberOfLeadingZeros(t) >= minQ) {
            issues.add(p + ".plainModulus", "plain modulus " + t + " must be smaller than the smallest ciphertext"
                    + " prime (" + minQ + " bits)");
        }
        BgvSpec spec = new BgvSpec(Optional.empty(), degree, t, q, sp);
        int bound = HeSecurityStandard.maxLog2QP128(degree);
        if (spec.totalModulusBits() > bound) {
            issues.add(p, "log2(QP) = " + spec.totalModulusBits() + " bits exceeds the 128-bit security bound of "
                    + bound + " bits for degree " + degree);
        }
        return issues.count() == before ? spec : null;
    }
}
