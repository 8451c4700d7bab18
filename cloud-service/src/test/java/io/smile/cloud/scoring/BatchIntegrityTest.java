package io.smile.cloud.scoring;

import static org.junit.jupiter.api.Assertions.*;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smile.cloud.BrokerResource;
import io.smile.cloud.CloudService;
import io.smile.cloud.Fixtures;
import io.smile.cloud.TestGateway;
import io.smile.cloud.TestKeys;
import io.smile.cloud.intake.Reason;
import io.smile.he.api.HeKeyOwner;
import io.smile.pdm.model.Ai4iFeatures;
import io.smile.pdm.model.SlotLayout;
import io.smile.protocol.FeatureBatch;
import io.smile.protocol.GatewayIdentity;
import io.smile.protocol.GatewayStatus;
import io.smile.protocol.KeyRegistration;
import io.smile.protocol.Topics;
import io.smile.testkit.TestMqttClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, "Registration integrity", over MQTT and the real service. First the attack: someone who
 * can publish on a gateway's features topic sends batches with the gateway's next sequence numbers.
 * Unsigned batches were scored and their sequences claimed, so the gateway's real batches were
 * dropped as duplicates (and answered with the forged batch's result). Now they are refused
 * ({@code bad-signature}) before the duplicate check, the sequence claim and the query budget, the
 * gateway's status topic names them by digest, and the real batches with those sequences are scored.
 * Then the status topic: retained "registered" with the keys held, a forged re-registration's
 * refusal that still names the gateway's own keys, and after {@code DELETE /gateways/{id}} no
 * retained status and an {@code unknown-gateway} refusal of the gateway's next batch (its cue to
 * register again), after which it scores again.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerResource.class, restrictToAnnotatedClass = false)
class BatchIntegrityTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    CloudService service;

    @Test
    void forgedBatchesWithTheVictimsNextSequencesAreRefusedAndItsRealBatchesStillScore() throws Exception {
        String id = "gw-batch-victim";
        String statusTopic = Topics.status(Fixtures.TENANT, id);
        try (TestGateway victim = Fixtures.registeredGateway(id);
             TestMqttClient watch = TestMqttClient.connect(BrokerResource.broker().url(), "watch-" + id)) {
            watch.subscribe(statusTopic);
            victim.scoreAndCheck(0, victim.randomWindows(2));
            GatewayRegistry.GatewayInfo before = service.engine().gateways().info(id).orElseThrow();

            // the attacker: a valid ciphertext under the victim's public key, the victim's next sequences, its own identity
            GatewayIdentity attacker = GatewayIdentity.generate();
            Map<Long, byte[]> forged = new HashMap<>();
            double rejected = service.engine().metrics().rejectedCount(Reason.BAD_SIGNATURE);
            for (long seq = 1; seq <= 3; seq++) {
                FeatureBatch real = victim.batch(seq, victim.randomWindows(4));
                byte[] f = FeatureBatch.signed(attacker, id, seq, real.createdAtMillis(), real.modelId(), real.windows(),
                        real.ciphertext()).encode();
                forged.put(seq, f);
                victim.publishRaw(Topics.features(Fixtures.TENANT, id), f, false);
            }
            // processed one way or the other: refused (the defence) or scored (without it)
            Fixtures.await("the three forged batches processed", WAIT,
                    () -> service.engine().metrics().rejectedCount(Reason.BAD_SIGNATURE) >= rejected + 3
                            || service.engine().gateways().info(id).orElseThrow().batchesScored() >= before.batchesScored() + 3);
            Fixtures.await("an idle engine", WAIT, () -> service.engine().isIdle());

            // the victim's own batches with those sequences are scored, and decrypt to its windows
            // (without the signature check they were dropped as duplicates, answered with the forged batches' results)
            for (long seq = 1; seq <= 3; seq++) {
                victim.scoreAndCheck(seq, victim.randomWindows(3));
            }
            assertEquals(rejected + 3, service.engine().metrics().rejectedCount(Reason.BAD_SIGNATURE));

            // the forged ones were neither scored nor charged: one answer per sequence, the budget only the victim's
            GatewayRegistry.GatewayInfo after = service.engine().gateways().info(id).orElseThrow();
            assertEquals(before.batchesScored() + 3, after.batchesScored(), "only the victim's three were scored");
            assertEquals(before.budget().windowsLastHour() + 9, after.budget().windowsLastHour(),
                    "only the victim's 3 x 3 windows were charged");
            for (long seq = 1; seq <= 3; seq++) {
                assertEquals(1, victim.resultsFor(seq), "batch " + seq + ": one answer, the victim's");
            }

            // the status topic names each refused batch by sequence and digest, with the victim's keys still held
            byte[] held = service.engine().gateways().find(id).orElseThrow().keys().hash();
            List<GatewayStatus> refusals = new ArrayList<>();
            Fixtures.await("three batch refusals on the status topic", WAIT, () -> {
                refusals.clear();
                for (TestMqttClient.Message m : watch.messages(statusTopic)) {
                    GatewayStatus s = GatewayStatus.decode(m.payload());
                    if (s.kind() == GatewayStatus.Kind.BATCH_REFUSED) {
                        refusals.add(s);
                    }
                }
                return refusals.size() >= 3;
            });
            for (GatewayStatus s : refusals) {
                assertEquals(Reason.BAD_SIGNATURE.wire(), s.reason());
                assertArrayEquals(GatewayStatus.digestOf(forged.get(s.sequence())), s.batchDigest());
                assertArrayEquals(held, s.heldKeys());
            }

        }
    }

    @Test
    void theStatusTopicShowsTheHeldKeysAForgedReRegistrationsRefusalAndADeletedGateway() throws Exception {
        String id = "gw-status";
        String statusTopic = Topics.status(Fixtures.TENANT, id);
        String keysTopic = Topics.keys(Fixtures.TENANT, id);
        TestKeys k = TestKeys.get();
        byte[] identityDigest = GatewayStatus.digestOf(k.identity.publicKey());
        try (TestGateway gw = new TestGateway(BrokerResource.broker().url(), Fixtures.TENANT, id)) {
            byte[] registration = k.registration(Fixtures.TENANT, id).encode();
            gw.publishRaw(keysTopic, registration, true);
            Fixtures.awaitRegistered(id);
            GatewayStatus registered = retained(statusTopic, GatewayStatus.Kind.REGISTERED);
            assertArrayEquals(GatewayStatus.digestOf(registration), registered.heldKeys(), "the keys the cloud holds");
            assertArrayEquals(identityDigest, registered.heldIdentity());

            // a re-registration under another identity: refused, and the status still names the gateway's own keys
            byte[] forged;
            try (HeKeyOwner other = k.session.generateKeys(SlotLayout.rotationSteps(Ai4iFeatures.ENCODING.blockSize()))) {
                forged = KeyRegistration.signed(GatewayIdentity.generate(), Fixtures.TENANT, id,
                        Ai4iFeatures.ENCODING.blockSize(), System.currentTimeMillis(), k.parameters,
                        other.exportPublicKey(), other.exportEvaluationKeys()).encode();
            }
            double refused = service.engine().metrics().registrationRejectedCount(Reason.IDENTITY_MISMATCH);
            gw.publishRaw(keysTopic, forged, true);
            Fixtures.awaitRegistrationRejected(service, Reason.IDENTITY_MISMATCH, refused);
            GatewayStatus afterForgery = retained(statusTopic, GatewayStatus.Kind.REGISTRATION_REFUSED);
            assertEquals(Reason.IDENTITY_MISMATCH.wire(), afterForgery.reason());
            assertArrayEquals(GatewayStatus.digestOf(registration), afterForgery.heldKeys());
            assertArrayEquals(identityDigest, afterForgery.heldIdentity());
            gw.scoreAndCheck(0, gw.randomWindows(2));

            // the operator deletes the gateway: no retained status is left, and its next batch is refused by name
            try (TestMqttClient watch = TestMqttClient.connect(BrokerResource.broker().url(), "watch-" + id)) {
                watch.subscribe(statusTopic);
                Fixtures.api().delete("/gateways/" + id).then().statusCode(204);
                Fixtures.await("an empty retained status", WAIT, () -> watch.messages(statusTopic).stream()
                        .anyMatch(m -> m.payload().length == 0));
                assertNoRetainedStatus(statusTopic);
                watch.clear();
                byte[] orphan = gw.batch(1, gw.randomWindows(2)).encode();
                gw.publishRaw(Topics.features(Fixtures.TENANT, id), orphan, false);
                GatewayStatus unknown = GatewayStatus.decode(watch.awaitMessage(statusTopic, WAIT).payload());
                assertEquals(GatewayStatus.Kind.BATCH_REFUSED, unknown.kind());
                assertEquals(Reason.UNKNOWN_GATEWAY.wire(), unknown.reason());
                assertEquals(1, unknown.sequence());
                assertArrayEquals(GatewayStatus.digestOf(orphan), unknown.batchDigest());
                assertFalse(unknown.holdsKeys());
                assertNoRetainedStatus(statusTopic); // about a gateway it holds no keys of: not retained
            }

            // the gateway registers again (the edge does so on that refusal): pinned anew, scoring resumes
            byte[] again = k.registration(Fixtures.TENANT, id).encode();
            gw.publishRaw(keysTopic, again, true);
            Fixtures.awaitRegistered(id);
            Fixtures.await("a registered status with the new registration", WAIT, () -> {
                try {
                    return java.util.Arrays.equals(GatewayStatus.digestOf(again),
                            retained(statusTopic, GatewayStatus.Kind.REGISTERED).heldKeys());
                } catch (InterruptedException | AssertionError e) {
                    return false;
                }
            });
            gw.scoreAndCheck(2, gw.randomWindows(2));
        } finally {
            Fixtures.api().delete("/gateways/" + id);
        }
    }

    /** The retained status a fresh subscriber gets, of that kind. */
    private static GatewayStatus retained(String topic, GatewayStatus.Kind kind) throws InterruptedException {
        GatewayStatus[] found = new GatewayStatus[1];
        Fixtures.await("a retained " + kind + " status on " + topic, WAIT, () -> {
            try (TestMqttClient c = TestMqttClient.connect(BrokerResource.broker().url(), "retained-" + System.nanoTime())) {
                c.subscribe(topic);
                TestMqttClient.Message m = c.awaitMessage(topic, Duration.ofSeconds(2));
                GatewayStatus s = GatewayStatus.decode(m.payload());
                if (m.retained() && s.kind() == kind) {
                    found[0] = s;
                    return true;
                }
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (AssertionError e) {
                return false;
            }
        });
        return found[0];
    }

    private static void assertNoRetainedStatus(String topic) throws InterruptedException {
        try (TestMqttClient c = TestMqttClient.connect(BrokerResource.broker().url(), "retained-" + System.nanoTime())) {
            c.subscribe(topic);
            Thread.sleep(1_000); // a retained message comes with the subscription; a second is plenty on loopback
            assertTrue(c.messages(topic).isEmpty(), "retained status left: " + c.messages(topic));
        }
    }
}
