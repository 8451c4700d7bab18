package io.smile.cloud.api;

import io.smile.cloud.SmileConfig;
import io.smile.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The REST API's bearer tokens, kept as SHA-256 hashes only ({@code smile.api.tokens.NAME.sha256})
 * with their roles ({@code smile.api.tokens.NAME.roles}). Tokens are meant to be 256-bit random
 * strings ({@code openssl rand -hex 32}), so an unsalted hash is enough: there is no dictionary to
 * run against it. No token configured means no request authenticates.
 */
public final class ApiTokens {
    /** Reads gateways, models, federations and the segment service's metadata. */
    public static final String VIEWER = "viewer";
    /** Changes state: starts federations (which install models), removes gateways and units. */
    public static final String OPERATOR = "operator";
    /**
     * Asks for encrypted segment assignments ({@code POST /segments/{unit}/assign}) for any unit;
     * {@code unit:ID} in a token's roles grants the same for unit ID only.
     */
    public static final String UNIT = "unit";
    private static final String UNIT_PREFIX = UNIT + ":";
    /** The identity attribute holding the units a {@code unit:ID} token is bound to (empty: any). */
    public static final String UNITS_ATTRIBUTE = "smile.units";
    public static final Set<String> ROLES = Set.of(VIEWER, OPERATOR, UNIT);

    /**
     * One configured token: its name (shown in logs instead of the token), hash, roles and, for a
     * token with {@code unit:ID} roles only, the units it may ask for (empty: any unit).
     */
    public record Entry(String name, byte[] sha256, Set<String> roles, Set<String> units) {
        /** Whether this token may ask for assignments of {@code unit}. */
        public boolean mayServe(String unit) {
            return roles.contains(UNIT) && (units.isEmpty() || units.contains(unit));
        }
    }

    private final List<Entry> entries;

    private ApiTokens(List<Entry> entries) {
        this.entries = entries;
    }

    /**
     * Validates the configuration: every hash is 64 hex digits, every role is known, no hash is
     * used twice. A mistake fails the start instead of silently locking someone out or in.
     */
    public static ApiTokens of(Map<String, SmileConfig.Api.Token> config) {
        Map<String, Entry> byName = new TreeMap<>();
        Set<String> hashes = new HashSet<>();
        config.forEach((name, t) -> {
            String hex = t.sha256().trim().toLowerCase(Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("smile.api.tokens." + name + ".sha256 must be 64 hex digits (the SHA-256 of the token)");
            }
            if (!hashes.add(hex)) {
                throw new IllegalArgumentException("smile.api.tokens." + name + ".sha256: the same token is configured twice");
            }
            Set<String> roles = new LinkedHashSet<>();
            Set<String> units = new LinkedHashSet<>();
            boolean anyUnit = false;
            for (String r : t.roles()) {
                String role = r.trim();
                if (role.startsWith(UNIT_PREFIX)) {
                    String unit = role.substring(UNIT_PREFIX.length());
                    if (!Topics.ID.matcher(unit).matches()) {
                        throw new IllegalArgumentException("smile.api.tokens." + name + ".roles: '" + role + "' needs a unit id matching "
                                + Topics.ID.pattern());
                    }
                    units.add(unit);
                    role = UNIT;
                } else if (!ROLES.contains(role)) {
                    throw new IllegalArgumentException("smile.api.tokens." + name + ".roles: unknown role '" + role
                            + "' (known: viewer, operator, unit, unit:ID)");
                } else if (UNIT.equals(role)) {
                    anyUnit = true;
                }
                roles.add(role);
            }
            byName.put(name, new Entry(name, HexFormat.of().parseHex(hex), Set.copyOf(roles),
                    anyUnit ? Set.of() : Set.copyOf(units)));
        });
        return new ApiTokens(List.copyOf(byName.values()));
    }

    public int size() {
        return entries.size();
    }

    public List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }

    /**
     * The entry whose hash is the presented token's. Every entry is compared, each in constant
     * time, so the answer's timing tells nothing about which or how many bytes matched.
     */
    public Optional<Entry> match(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = sha256(token);
        Entry found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(presented, e.sha256()) && found == null) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The value for {@code smile.api.tokens.NAME.sha256}: same as {@code printf %s "$token" | sha256sum}. */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
