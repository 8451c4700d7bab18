package io.smile.federation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.federation.identity.Roster;
import io.smile.federation.identity.SigningIdentity;
import io.smile.he.multiparty.Party;
import io.smile.he.ring.RandomSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * t = 1 is refused on every library path (with t = 1 the Shamir polynomial is constant, so every
 * dealing is the dealer's key share and any one member decrypts anyone's contribution); only the
 * package-private test opt-in reaches it.
 */
class ThresholdAtLeastTwoTest {
    private static final List<Integer> IDS = List.of(1, 2, 3);
    private static final List<SigningIdentity> KEYS = List.of(SigningIdentity.generate(0), SigningIdentity.generate(1),
            SigningIdentity.generate(2), SigningIdentity.generate(3));
    private static final Roster ROSTER = Roster.of(KEYS);

    private static FederatedJob job() {
        return new ScriptedJob(2, 10, 1, (r, p) -> new long[] {1, 1});
    }

    private static void refusedForTOne(org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains("threshold t must be at least 2"), x.getMessage());
        assertTrue(x.getMessage().contains("every Shamir dealing is the share itself"), x.getMessage());
    }

    @Test
    void theMemberTheCoordinatorAndLocalFederationRefuseTOne() {
        var ctx = SecureSumRuntimeTest.CTX;
        refusedForTOne(() -> new Member("t1", 1, IDS, 2, job(), null, ctx, new Party(ctx, 1, RandomSource.secure()), 1,
                KEYS.get(1), ROSTER, s -> { }));
        refusedForTOne(() -> new Coordinator("t1", IDS, 2, job(), null, ctx, 1, Coordinator.Settings.defaults(),
                KEYS.get(0), ROSTER, s -> { }));
        refusedForTOne(() -> LocalFederation.run("tcp://127.0.0.1:1", "t1", ctx, List.of(job(), job(), job()), job(), 2, 1,
                Coordinator.Settings.defaults(), s -> { }));
        refusedForTOne(() -> FederationParameters.checkThreshold(0, 3));
        assertThrows(IllegalArgumentException.class, () -> FederationParameters.checkThreshold(4, 3));
        assertDoesNotThrow(() -> FederationParameters.checkThreshold(2, 3));
    }

    @Test
    void onlyThePackagePrivateTestOptInReachesTOne() {
        var ctx = SecureSumRuntimeTest.CTX;
        assertDoesNotThrow(() -> new Coordinator("t1", IDS, 2, job(), null, ctx, 1, true, Coordinator.Settings.defaults(),
                KEYS.get(0), ROSTER, s -> { }).close());
        assertDoesNotThrow(() -> new Member("t1", 1, IDS, 2, job(), null, ctx, new Party(ctx, 1, RandomSource.secure()), 1,
                true, KEYS.get(1), ROSTER, s -> { }).close());
    }
}
