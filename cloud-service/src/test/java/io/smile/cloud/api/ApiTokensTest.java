package io.smile.cloud.api;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.cloud.SmileConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The token table: hashing, matching, and the configuration mistakes that must stop the start. */
class ApiTokensTest {
    record Token(String sha256, List<String> roles) implements SmileConfig.Api.Token {
    }

    private static Token token(String secret, String... roles) {
        return new Token(ApiTokens.sha256Hex(secret), List.of(roles));
    }

    @Test
    void hashIsTheHexSha256OfTheUtf8Token() {
        // the FIPS 180-2 test vector, i.e. what `printf %s abc | sha256sum` prints
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiTokens.sha256Hex("abc"));
    }

    @Test
    void noTokenConfiguredMatchesNothing() {
        ApiTokens none = ApiTokens.of(Map.of());
        assertEquals(0, none.size());
        assertTrue(none.match("anything").isEmpty());
        assertTrue(none.match("").isEmpty());
        assertTrue(none.match(null).isEmpty());
    }

    @Test
    void theRightTokenGetsItsNameAndRolesOnly() {
        ApiTokens t = ApiTokens.of(Map.of("ops", token("t-ops", "viewer", "operator"), "dash", token("t-dash", "viewer")));
        assertEquals(List.of("dash", "ops"), t.names());
        ApiTokens.Entry ops = t.match("t-ops").orElseThrow();
        assertEquals("ops", ops.name());
        assertEquals(Set.of("viewer", "operator"), ops.roles());
        assertEquals(Set.of("viewer"), t.match("t-dash").orElseThrow().roles());
        assertTrue(t.match("t-op").isEmpty());
        assertTrue(t.match("t-ops ").isEmpty());
        assertTrue(t.match(ApiTokens.sha256Hex("t-ops")).isEmpty(), "the hash is not a token");
    }

    @Test
    void upperCaseHexAndSpacesAroundRolesAreAccepted() {
        ApiTokens t = ApiTokens.of(Map.of("a", new Token(ApiTokens.sha256Hex("x").toUpperCase(), List.of(" unit "))));
        assertEquals(Set.of("unit"), t.match("x").orElseThrow().roles());
    }

    @Test
    void unitRolesBindATokenToItsUnits() {
        ApiTokens t = ApiTokens.of(Map.of("a", token("t-a", "unit:hr-sales", "unit:hr-rnd"), "any", token("t-any", "unit"),
                "both", token("t-both", "unit:hr-sales", "unit"), "view", token("t-view", "viewer")));
        ApiTokens.Entry a = t.match("t-a").orElseThrow();
        assertEquals(Set.of("unit"), a.roles());
        assertTrue(a.mayServe("hr-sales") && a.mayServe("hr-rnd"));
        assertFalse(a.mayServe("hr-finance"));
        assertTrue(t.match("t-any").orElseThrow().mayServe("hr-finance"));
        assertTrue(t.match("t-both").orElseThrow().mayServe("hr-finance"), "plain unit means any unit");
        assertFalse(t.match("t-view").orElseThrow().mayServe("hr-sales"));
        assertThrows(IllegalArgumentException.class, () -> ApiTokens.of(Map.of("a", token("x", "unit:"))));
        assertThrows(IllegalArgumentException.class, () -> ApiTokens.of(Map.of("a", token("x", "unit:a/b"))));
    }

    @Test
    void configurationMistakesFailLoudly() {
        assertThrows(IllegalArgumentException.class, () -> ApiTokens.of(Map.of("a", new Token("not-hex", List.of("viewer")))));
        assertThrows(IllegalArgumentException.class,
                () -> ApiTokens.of(Map.of("a", new Token(ApiTokens.sha256Hex("x").substring(2), List.of("viewer")))));
        IllegalArgumentException role = assertThrows(IllegalArgumentException.class, () -> ApiTokens.of(Map.of("a", token("x", "operater"))));
        assertTrue(role.getMessage().contains("operater"));
        assertThrows(IllegalArgumentException.class, () -> ApiTokens.of(Map.of("a", token("x", "viewer"), "b", token("x", "operator"))));
        IllegalArgumentException raw = assertThrows(IllegalArgumentException.class,
                () -> ApiTokens.of(Map.of("a", new Token("my-secret-token", List.of("viewer")))));
        assertFalse(raw.getMessage().contains("my-secret-token"), "a token pasted by mistake is not echoed");
    }
}
