package io.smile.cloud.scoring;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.cloud.TestKeys;
import io.smile.cloud.TestModel;
import io.smile.cloud.intake.CheckedRegistration;
import io.smile.cloud.intake.Reason;
import io.smile.cloud.intake.Rejection;
import io.smile.he.api.HeBackend;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HeSession;
import io.smile.pdm.model.PdmParameters;
import io.smile.protocol.GatewayIdentity;
import io.smile.protocol.KeyRegistration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayRegistryTest {
    private static final ModelRegistry MODELS = ModelRegistry.of(TestModel.file());
    private static HeSession weakSession;
    private static HeKeyOwner weakOwner;

    @BeforeAll
    static void weakKeys() {
        // the job's plaintext modulus, block size and levels, but N = 4096 with 420 bits of modulus: insecure
        HeParameterSpec weak = HeParameterSpec.explicit(4096, PdmParameters.PLAIN_MODULUS, new int[] {60, 60, 60, 60, 60, 60},
                new int[] {60}).allowingInsecureForTestsOnly();
        weakSession = HeBackend.byName("bgv-java").open(weak);
        weakOwner = weakSession.generateKeys(new int[] {1, 2, 3, 4, 5, 6, 7});
    }

    @AfterAll
    static void closeWeak() {
        weakOwner.close();
        weakSession.close();
    }

    static GatewayRegistry registry(Path dir, int max, boolean insecure) {
        return new GatewayRegistry(new GatewayRegistry.Settings(dir, max, insecure, "bgv-java", 1, 16), MODELS);
    }

    static byte[] registration(String tenant, String id, long createdAt) {
        TestKeys k = TestKeys.get();
        return KeyRegistration.signed(TestKeys.get().identity, tenant, id, 8, createdAt, k.parameters, k.publicKey, k.evaluationKeys).encode();
    }

    @Test
    void registrationsPersistAndReloadWithTheirDuplicateState(@TempDir Path dir) throws Exception {
        byte[] payload = registration("t", "g1", 1);
        long fingerprint;
        String registeredAt;
        try (GatewayRegistry r = registry(dir, 10, false)) {
            assertEquals(GatewayRegistry.Outcome.REGISTERED, r.register("t", "g1", payload));
            assertEquals(GatewayRegistry.Outcome.UNCHANGED, r.register("t", "g1", payload));
            GatewayRegistry.Gateway g = r.find("g1").orElseThrow();
            fingerprint = g.keys().fingerprint();
            registeredAt = g.registeredAt().toString();
            assertEquals(TestKeys.get().session.parameterFingerprint(), fingerprint);
            assertEquals(0, g.state().budget().tryCharge(7, System.currentTimeMillis(), r.settings().budget()));
            r.markScored(g, 0);
            r.markScored(g, 1);
            r.markScored(g, 5);
            assertTrue(Files.isRegularFile(dir.resolve("g1.reg")));
            assertTrue(Files.isRegularFile(dir.resolve("g1.state")));
            assertArrayEquals(payload, Files.readAllBytes(dir.resolve("g1.reg")), "stored as received");
        }
        try (GatewayRegistry r = registry(dir, 10, false)) {
            assertEquals(1, r.loadPersisted());
            GatewayRegistry.Gateway g = r.find("g1").orElseThrow();
            assertEquals(fingerprint, g.keys().fingerprint());
            assertEquals(registeredAt, g.registeredAt().toString());
            assertTrue(g.state().dedup().isDone(0));
            assertTrue(g.state().dedup().isDone(1));
            assertTrue(g.state().dedup().isDone(5));
            assertFalse(g.state().dedup().isDone(2));
            assertEquals(3, g.state().scored());
            // a restart does not buy the gateway a fresh query budget
            assertEquals(7, g.state().budget().usage(System.currentTimeMillis(), r.settings().budget()).windowsLastDay());
            GatewayRegistry.GatewayInfo info = r.info("g1").orElseThrow();
            assertEquals(5, info.lastSequence());
            assertEquals(3, info.batchesScored());

            // the retained registration delivered again after a restart changes nothing
            assertEquals(GatewayRegistry.Outcome.UNCHANGED, r.register("t", "g1", payload));
            // new keys replace the old ones; what was processed stays processed
            assertEquals(GatewayRegistry.Outcome.REPLACED, r.register("t", "g1", registration("t", "g1", 2)));
            assertTrue(r.find("g1").orElseThrow().state().dedup().isDone(5));
            // the same gateway id under another tenant is refused
            Rejection e = assertThrows(Rejection.class, () -> r.register("u", "g1", registration("u", "g1", 3)));
            assertEquals(Reason.TENANT_MISMATCH, e.reason());

            assertTrue(r.remove("g1"));
            assertFalse(r.remove("g1"));
            assertTrue(r.find("g1").isEmpty());
            assertFalse(Files.exists(dir.resolve("g1.reg")));
            assertFalse(Files.exists(dir.resolve("g1.state")));
        }
        try (GatewayRegistry r = registry(dir, 10, false)) {
            assertEquals(0, r.loadPersisted());
        }
    }

    static byte[] registration(GatewayIdentity signer, String tenant, String id, long createdAt) {
        TestKeys k = TestKeys.get();
        return KeyRegistration.signed(signer, tenant, id, 8, createdAt, k.parameters, k.publicKey, k.evaluationKeys).encode();
    }

    @Test
    void theFirstRegistrationPinsItsIdentityAcrossRestartsUntilTheGatewayIsRemoved(@TempDir Path dir) throws Exception {
        GatewayIdentity attacker = GatewayIdentity.generate();
        byte[] real = registration("t", "g", 1);
        byte[] forged = registration(attacker, "t", "g", 2);
        byte[] rotated = registration("t", "g", 3);
        try (GatewayRegistry r = registry(dir, 10, false)) {
            assertEquals(GatewayRegistry.Outcome.REGISTERED, r.register("t", "g", real));
            assertEquals(GatewayIdentity.fingerprint(TestKeys.get().identity.publicKey()),
                    r.info("g").orElseThrow().identityFingerprint());
            Rejection e = assertThrows(Rejection.class, () -> r.register("t", "g", forged));
            assertEquals(Reason.IDENTITY_MISMATCH, e.reason());
            assertTrue(e.getMessage().contains(GatewayIdentity.fingerprint(attacker.publicKey())), e.getMessage());
            assertArrayEquals(real, Files.readAllBytes(dir.resolve("g.reg")), "the stored keys stay");
            assertArrayEquals(CheckedRegistration.sha256(real), r.find("g").orElseThrow().keys().hash());
            // the pinned identity may rotate the keys
            assertEquals(GatewayRegistry.Outcome.REPLACED, r.register("t", "g", rotated));
        }
        try (GatewayRegistry r = registry(dir, 10, false)) {
            assertEquals(1, r.loadPersisted());
            assertReason(Reason.IDENTITY_MISMATCH, () -> r.register("t", "g", forged));
        }
        // the pin is in the state file, not only in the stored registration: a registration file
        // replaced on disk by another identity's is not loaded
        Files.write(dir.resolve("g.reg"), forged);
        try (GatewayRegistry r = registry(dir, 10, false)) {
            assertEquals(0, r.loadPersisted());
        }
        Files.write(dir.resolve("g.reg"), rotated);
        try (GatewayRegistry r = registry(dir, 10, false)) {
            assertEquals(1, r.loadPersisted());
            assertTrue(r.remove("g")); // what DELETE /gateways/g does: forgets the pin with the gateway
            assertEquals(GatewayRegistry.Outcome.REGISTERED, r.register("t", "g", forged), "pinned afresh after removal");
            assertEquals(GatewayIdentity.fingerprint(attacker.publicKey()), r.info("g").orElseThrow().identityFingerprint());
        }
    }

    @Test
    void aRegistrationNotSignedByTheIdentityItCarriesIsRefused(@TempDir Path dir) throws Exception {
        KeyRegistration real = KeyRegistration.decode(registration("t", "g", 1));
        byte[] otherSigner = new KeyRegistration("t", "g", 8, 1, real.parameters(), real.publicKey(), real.evaluationKeys(),
                real.identityKey(), GatewayIdentity.generate().sign(new byte[32])).encode();
        byte[] tampered = new KeyRegistration("t", "g", 8, 2, real.parameters(), real.publicKey(), real.evaluationKeys(),
                real.identityKey(), real.signature()).encode(); // createdAt changed after signing
        try (GatewayRegistry r = registry(dir, 10, false)) {
            assertReason(Reason.BAD_SIGNATURE, () -> r.register("t", "g", otherSigner));
            assertReason(Reason.BAD_SIGNATURE, () -> r.register("t", "g", tampered));
            assertEquals(0, r.size());
        }
    }

    @Test
    void refusesBadRegistrationsWithTheirReason(@TempDir Path dir) throws Exception {
        try (GatewayRegistry r = registry(dir, 1, false)) {
            assertReason(Reason.MALFORMED, () -> r.register("t", "g", "junk".getBytes()));
            assertReason(Reason.TOPIC_MISMATCH, () -> r.register("t", "other", registration("t", "g", 1)));
            assertReason(Reason.TOPIC_MISMATCH, () -> r.register("u", "g", registration("t", "g", 1)));
            TestKeys k = TestKeys.get();
            byte[] block16 = KeyRegistration.signed(TestKeys.get().identity, "t", "g", 16, 0, k.parameters, k.publicKey, k.evaluationKeys).encode();
            assertReason(Reason.MODEL_MISMATCH, () -> r.register("t", "g", block16));
            byte[] badPk = KeyRegistration.signed(TestKeys.get().identity, "t", "g", 8, 0, k.parameters, new byte[100], k.evaluationKeys).encode();
            assertReason(Reason.BAD_KEYS, () -> r.register("t", "g", badPk));
            byte[] badParams = KeyRegistration.signed(TestKeys.get().identity, "t", "g", 8, 0, new byte[] {1, 2, 3}, k.publicKey, k.evaluationKeys).encode();
            assertReason(Reason.BAD_PARAMETERS, () -> r.register("t", "g", badParams));
            byte[] weak = KeyRegistration.signed(TestKeys.get().identity, "t", "w", 8, 0, weakSession.exportParameters(), weakOwner.exportPublicKey(),
                    weakOwner.exportEvaluationKeys()).encode();
            assertReason(Reason.INSECURE_PARAMETERS, () -> r.register("t", "w", weak));
            assertEquals(0, r.size());

            assertEquals(GatewayRegistry.Outcome.REGISTERED, r.register("t", "g", registration("t", "g", 1)));
            assertReason(Reason.TOO_MANY_GATEWAYS, () -> r.register("t", "g2", registration("t", "g2", 1)));
            // keys from another parameter set than their parameters say
            byte[] mixed = KeyRegistration.signed(TestKeys.get().identity, "t", "g", 8, 5, k.parameters, weakOwner.exportPublicKey(),
                    weakOwner.exportEvaluationKeys()).encode();
            assertReason(Reason.BAD_KEYS, () -> r.register("t", "g", mixed));
            assertEquals(1, r.size());
        }
        try (GatewayRegistry r = registry(dir.resolve("insecure"), 10, true)) {
            byte[] weak = KeyRegistration.signed(TestKeys.get().identity, "t", "w", 8, 0, weakSession.exportParameters(), weakOwner.exportPublicKey(),
                    weakOwner.exportEvaluationKeys()).encode();
            assertEquals(GatewayRegistry.Outcome.REGISTERED, r.register("t", "w", weak),
                    "accepted when smile.allow-insecure-test-parameters=true");
        }
    }

    interface Call {
        Object run() throws Exception;
    }

    static void assertReason(Reason reason, Call call) {
        Rejection e = assertThrows(Rejection.class, call::run);
        assertEquals(reason, e.reason(), e.getMessage());
    }
}
