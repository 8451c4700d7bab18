package io.smile.cloud.scoring;

import static org.junit.jupiter.api.Assertions.*;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smile.cloud.BrokerResource;
import io.smile.cloud.CloudService;
import io.smile.cloud.Fixtures;
import io.smile.cloud.TestGateway;
import io.smile.cloud.TestKeys;
import io.smile.cloud.intake.CheckedRegistration;
import io.smile.cloud.intake.Reason;
import io.smile.he.api.HeKeyOwner;
import io.smile.pdm.model.Ai4iFeatures;
import io.smile.pdm.model.SlotLayout;
import io.smile.protocol.GatewayIdentity;
import io.smile.protocol.KeyRegistration;
import io.smile.protocol.Topics;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The attack of issue 17 item 6 over MQTT and the real intake: someone who can publish on a
 * gateway's keys topic re-registers it with keys of their own. Without the identity pin the cloud
 * accepted that and every later result was undecryptable at the gateway; now it is refused
 * ({@code identity-mismatch}), the gateway's keys stay, and its next batches score and decrypt.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerResource.class, restrictToAnnotatedClass = false)
class RegistrationIntegrityTest {
    @Inject
    CloudService service;

    @Test
    void aForgedReRegistrationWithOtherKeysAndAnotherIdentityIsRefusedAndTheGatewayStillScores() throws Exception {
        String id = "gw-victim";
        try (TestGateway victim = Fixtures.registeredGateway(id)) {
            TestKeys k = TestKeys.get();
            byte[] pinnedKeysHash = service.engine().gateways().find(id).orElseThrow().keys().hash();
            String fingerprint = Fixtures.api().get("/gateways/" + id).jsonPath().getString("identityFingerprint");
            assertEquals(GatewayIdentity.fingerprint(k.identity.publicKey()), fingerprint, "GET /gateways shows the pinned identity");
            victim.scoreAndCheck(0, victim.randomWindows(2));

            // the attacker's own BGV keys (valid, same parameters) under the attacker's own identity
            byte[] forged;
            try (HeKeyOwner attacker = k.session.generateKeys(SlotLayout.rotationSteps(Ai4iFeatures.ENCODING.blockSize()))) {
                forged = KeyRegistration.signed(GatewayIdentity.generate(), Fixtures.TENANT, id,
                        Ai4iFeatures.ENCODING.blockSize(), System.currentTimeMillis(), k.parameters,
                        attacker.exportPublicKey(), attacker.exportEvaluationKeys()).encode();
            }
            double before = service.engine().metrics().registrationRejectedCount(Reason.IDENTITY_MISMATCH);
            victim.publishRaw(Topics.keys(Fixtures.TENANT, id), forged, true);
            Fixtures.awaitRegistrationRejected(service, Reason.IDENTITY_MISMATCH, before);

            assertArrayEquals(pinnedKeysHash, service.engine().gateways().find(id).orElseThrow().keys().hash(),
                    "the gateway's stored keys stay");
            assertEquals(fingerprint, Fixtures.api().get("/gateways/" + id).jsonPath().getString("identityFingerprint"));
            // the gateway's next batches are scored under its own keys and decrypt at the gateway
            victim.scoreAndCheck(1, victim.randomWindows(3));
        }
    }

    @Test
    void aRegistrationWhoseSignatureIsNotItsIdentitysIsRefused() throws Exception {
        String id = "gw-badsig";
        TestKeys k = TestKeys.get();
        KeyRegistration real = k.registration(Fixtures.TENANT, id);
        // the gateway's identity key, a signature by someone else: decodes, but does not verify
        byte[] forged = new KeyRegistration(real.tenant(), real.gatewayId(), real.blockSize(), real.createdAtMillis(),
                real.parameters(), real.publicKey(), real.evaluationKeys(), real.identityKey(),
                GatewayIdentity.generate().sign(new byte[32])).encode();
        assertEquals(Reason.BAD_SIGNATURE, assertThrows(io.smile.cloud.intake.Rejection.class,
                () -> CheckedRegistration.check(io.smile.cloud.intake.KeyKind.GATEWAY, Fixtures.TENANT, id, forged)).reason());
        try (TestGateway g = new TestGateway(BrokerResource.broker().url(), Fixtures.TENANT, id)) {
            double before = service.engine().metrics().registrationRejectedCount(Reason.BAD_SIGNATURE);
            g.publishRaw(Topics.keys(Fixtures.TENANT, id), forged, false);
            Fixtures.awaitRegistrationRejected(service, Reason.BAD_SIGNATURE, before);
            assertFalse(Fixtures.registered(id), id + " must not be registered");
            Fixtures.assertOthersStillScored();
        }
    }
}
