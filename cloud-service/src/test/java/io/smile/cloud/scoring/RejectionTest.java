package io.smile.cloud.scoring;

import static org.junit.jupiter.api.Assertions.*;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smile.cloud.BrokerResource;
import io.smile.cloud.CloudService;
import io.smile.cloud.Fixtures;
import io.smile.cloud.TestGateway;
import io.smile.cloud.TestKeys;
import io.smile.cloud.TestModel;
import io.smile.cloud.intake.Reason;
import io.smile.he.api.HeBackend;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HeSession;
import io.smile.pdm.model.Ai4iFeatures;
import io.smile.protocol.FeatureBatch;
import io.smile.protocol.KeyRegistration;
import io.smile.protocol.Topics;
import jakarta.inject.Inject;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One test per rejection reason: the bad message is counted under its reason, produces no result,
 * and a valid batch of another gateway published right after is still scored correctly.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerResource.class, restrictToAnnotatedClass = false)
class RejectionTest {
    private static final String GW = "gw-rej";
    private static TestGateway gw;
    private static String brokerUrl;
    private static long seq = 100;

    @Inject
    CloudService service;

    @BeforeEach
    void gateway() throws Exception {
        // not in @BeforeAll: RestAssured knows the test port only around test methods
        if (gw == null || !BrokerResource.broker().url().equals(brokerUrl)) {
            if (gw != null) {
                gw.close();
            }
            brokerUrl = BrokerResource.broker().url();
            gw = Fixtures.registeredGateway(GW);
        }
    }

    @AfterAll
    static void close() throws Exception {
        if (gw != null) {
            gw.close();
            gw = null;
        }
    }

    private static synchronized long nextSeq() {
        return seq++;
    }

    private String features() {
        return Topics.features(Fixtures.TENANT, GW);
    }

    /** Publishes a bad message, waits for its rejection, checks no result came and others still score. */
    private void assertRejected(Reason reason, ThrowingRunnable publish) throws Exception {
        double before = service.engine().metrics().rejectedCount(reason);
        int results = gw.all.size();
        publish.run();
        Fixtures.awaitRejected(service, reason, before);
        Fixtures.assertOthersStillScored();
        assertEquals(results, gw.all.size(), "a rejected batch must not be answered");
    }

    private void assertRegistrationRejected(Reason reason, String gatewayId, ThrowingRunnable publish) throws Exception {
        double before = service.engine().metrics().registrationRejectedCount(reason);
        publish.run();
        Fixtures.awaitRegistrationRejected(service, reason, before);
        assertFalse(Fixtures.registered(gatewayId), gatewayId + " must not be registered");
        Fixtures.assertOthersStillScored();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void oversized() throws Exception {
        byte[] big = new byte[(8 << 20) + 1];
        new Random(1).nextBytes(big);
        assertRejected(Reason.OVERSIZED, () -> gw.publishRaw(features(), big, false));
    }

    @Test
    void malformed() throws Exception {
        assertRejected(Reason.MALFORMED, () -> gw.publishRaw(features(), "not a feature batch".getBytes(), false));
        FeatureBatch ok = gw.batch(nextSeq(), gw.randomWindows(1));
        byte[] truncated = java.util.Arrays.copyOf(ok.encode(), 200);
        assertRejected(Reason.MALFORMED, () -> gw.publishRaw(features(), truncated, false));
    }

    @Test
    void topicMismatch() throws Exception {
        // payload of gw-rej on gw-ok's topic
        FeatureBatch b = gw.batch(nextSeq(), gw.randomWindows(1));
        assertRejected(Reason.TOPIC_MISMATCH,
                () -> gw.publishRaw(Topics.features(Fixtures.TENANT, "gw-ok"), b.encode(), false));
        // right gateway, wrong tenant
        FeatureBatch c = gw.batch(nextSeq(), gw.randomWindows(1));
        assertRejected(Reason.TOPIC_MISMATCH, () -> gw.publishRaw(Topics.features("other", GW), c.encode(), false));
    }

    @Test
    void unknownGateway() throws Exception {
        try (TestGateway stranger = new TestGateway(BrokerResource.broker().url(), Fixtures.TENANT, "gw-unknown")) {
            assertRejected(Reason.UNKNOWN_GATEWAY, () -> stranger.publish(stranger.batch(0, stranger.randomWindows(1))));
        }
    }

    @Test
    void unknownModel() throws Exception {
        FeatureBatch b = gw.batch(nextSeq(), 1, "another-model", gw.encrypt(gw.randomWindows(1)).serialize());
        assertRejected(Reason.UNKNOWN_MODEL, () -> gw.publish(b));
    }

    @Test
    void tooManyWindows() throws Exception {
        int capacity = TestKeys.get().session.slotCount() / TestModel.ENC.blockSize();
        FeatureBatch b = gw.batch(nextSeq(), capacity + 1, TestModel.ID, gw.encrypt(gw.randomWindows(1)).serialize());
        assertRejected(Reason.TOO_MANY_WINDOWS, () -> gw.publish(b));
    }

    @Test
    void badCiphertextBytes() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(2).nextBytes(garbage);
        assertRejected(Reason.BAD_CIPHERTEXT, () -> gw.publish(gw.batch(nextSeq(), 1, TestModel.ID, garbage)));
    }

    @Test
    void ciphertextOfAnotherParameterSetIsABadCiphertext() throws Exception {
        byte[] foreign;
        try (HeSession other = HeBackend.byName("bgv-java").open(HeParameterSpec.preset("N4096_DEPTH1"));
             HeKeyOwner owner = other.generateKeys(new int[] {1})) {
            foreign = owner.encrypt(new long[] {1, 2, 3}).serialize();
        }
        assertRejected(Reason.BAD_CIPHERTEXT, () -> gw.publish(gw.batch(nextSeq(), 1, TestModel.ID, foreign)));
    }

    @Test
    void levelTooLow() throws Exception {
        byte[] low = TestKeys.get().owner.encrypt(gw.pack(gw.randomWindows(1)), 2).serialize();
        assertRejected(Reason.LEVEL_TOO_LOW, () -> gw.publish(gw.batch(nextSeq(), 1, TestModel.ID, low)));
    }

    @Test
    void duplicate() throws Exception {
        long s = nextSeq();
        FeatureBatch b = gw.batch(s, gw.randomWindows(2));
        gw.publish(b);
        gw.awaitResult(s, java.time.Duration.ofSeconds(120));
        // not scored again; since issue 17 answered with the stored result (the gateway re-sent it because
        // that result did not arrive), so a duplicate is no longer "not answered"
        double before = service.engine().metrics().rejectedCount(Reason.DUPLICATE);
        gw.publish(b);
        Fixtures.awaitRejected(service, Reason.DUPLICATE, before);
        Fixtures.await("the stored result sent again", java.time.Duration.ofSeconds(30), () -> gw.resultsFor(s) == 2);
        Fixtures.assertOthersStillScored();
        assertEquals(2, gw.resultsFor(s));
    }

    @Test
    void registrationWithInsecureParametersIsRefused() throws Exception {
        // N = 4096 with 240 bits of modulus is far below the 128-bit bound
        HeParameterSpec weak = HeParameterSpec.explicit(4096, 65537, new int[] {60, 60, 60}, new int[] {60})
                .allowingInsecureForTestsOnly();
        KeyRegistration reg;
        try (HeSession s = HeBackend.byName("bgv-java").open(weak); HeKeyOwner o = s.generateKeys(new int[] {1})) {
            assertTrue(s.isInsecure());
            reg = KeyRegistration.signed(TestKeys.get().identity, Fixtures.TENANT, "gw-weak", 8, 0, s.exportParameters(), o.exportPublicKey(),
                    o.exportEvaluationKeys());
        }
        byte[] payload = reg.encode();
        assertRegistrationRejected(Reason.INSECURE_PARAMETERS, "gw-weak",
                () -> gw.publishRaw(Topics.keys(Fixtures.TENANT, "gw-weak"), payload, false));
    }

    @Test
    void registrationWhoseBlockSizeDoesNotFitTheModelIsRefused() throws Exception {
        TestKeys k = TestKeys.get();
        byte[] payload = KeyRegistration.signed(TestKeys.get().identity, Fixtures.TENANT, "gw-block16", 2 * Ai4iFeatures.ENCODING.blockSize(), 0,
                k.parameters, k.publicKey, k.evaluationKeys).encode();
        assertRegistrationRejected(Reason.MODEL_MISMATCH, "gw-block16",
                () -> gw.publishRaw(Topics.keys(Fixtures.TENANT, "gw-block16"), payload, false));
    }

    @Test
    void registrationOnAnotherGatewaysTopicOrMalformedIsRefused() throws Exception {
        byte[] payload = TestKeys.get().registration(Fixtures.TENANT, "gw-x").encode();
        assertRegistrationRejected(Reason.TOPIC_MISMATCH, "gw-y",
                () -> gw.publishRaw(Topics.keys(Fixtures.TENANT, "gw-y"), payload, false));
        assertFalse(Fixtures.registered("gw-x"));
        assertRegistrationRejected(Reason.MALFORMED, "gw-z",
                () -> gw.publishRaw(Topics.keys(Fixtures.TENANT, "gw-z"), "garbage".getBytes(), false));
    }
}
