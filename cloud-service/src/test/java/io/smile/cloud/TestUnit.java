package io.smile.cloud;

import static org.junit.jupiter.api.Assertions.fail;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import io.smile.protocol.GatewayIdentity;
import io.smile.protocol.KeyRegistration;
import io.smile.protocol.SegmentRequest;
import io.smile.protocol.SegmentResult;
import io.smile.protocol.Topics;
import io.smile.workforce.AssignmentLayout;
import io.smile.workforce.HrEncoding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import io.smile.protocol.mqtt.Delivery;
import io.smile.protocol.mqtt.MqttSettings;
import io.smile.testkit.TestMqttClient;

/**
 * An organisational unit as a deployment would run it, for tests: one key owner of
 * {@link AssignmentLayout#spec()} per JVM (its secret key never leaves it; generating the N = 16384
 * evaluation keys takes seconds), an MQTT v5 client (the testkit's {@link TestMqttClient}, clean
 * start) that registers the public material on {@code segment-keys}, publishes
 * {@link SegmentRequest}s and collects {@link SegmentResult}s.
 */
public final class TestUnit implements AutoCloseable {
    /** The unit's keys, made once per JVM. */
    public static final class Keys {
        private static Keys instance;
        public final HeSession session;
        public final HeKeyOwner owner;
        public final byte[] parameters;
        public final byte[] publicKey;
        public final byte[] evaluationKeys;

        private Keys() {
            session = HeBackend.byName("bgv-java").open(AssignmentLayout.spec());
            owner = session.generateKeys(AssignmentLayout.rotationSteps());
            parameters = session.exportParameters();
            publicKey = owner.exportPublicKey();
            evaluationKeys = owner.exportEvaluationKeys();
        }

        public static synchronized Keys get() {
            if (instance == null) {
                instance = new Keys();
            }
            return instance;
        }
    }

    public final TestMqttClient mqtt;
    public final String tenant;
    public final String id;
    public final Keys keys = Keys.get();
    private final GatewayIdentity identity = GatewayIdentity.generate();
    private final Map<String, SegmentResult> results = new ConcurrentHashMap<>();

    public TestUnit(String url, String tenant, String id) throws InterruptedException {
        this.tenant = tenant;
        this.id = id;
        mqtt = TestMqttClient.connect(MqttSettings.of(url, "test-unit-" + id).withConnectTimeout(5));
        try {
            mqtt.subscribe(Topics.segmentResults(tenant, id), this::resultArrived);
        } catch (InterruptedException | RuntimeException | AssertionError e) {
            mqtt.close();
            throw e;
        }
    }

    public KeyRegistration registration(byte[] parameters, int blockSize) {
        return KeyRegistration.signed(identity, tenant, id, blockSize, System.currentTimeMillis(), parameters, keys.publicKey,
                keys.evaluationKeys);
    }

    public void register() throws InterruptedException {
        publishKeys(registration(keys.parameters, AssignmentLayout.BLOCK).encode());
    }

    public void publishKeys(byte[] payload) throws InterruptedException {
        mqtt.publishRetained(Topics.segmentKeys(tenant, id), payload);
    }

    public void clearKeys() throws InterruptedException {
        mqtt.publishRetained(Topics.segmentKeys(tenant, id), new byte[0]);
    }

    public void publishRequest(byte[] payload) throws InterruptedException {
        mqtt.publish(Topics.segmentRequests(tenant, id), payload);
    }

    public void send(String requestId, byte[] request) throws InterruptedException {
        publishRequest(new SegmentRequest(id, requestId, System.currentTimeMillis(), request).encode());
    }

    public SegmentResult await(String requestId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            SegmentResult r = results.get(requestId);
            if (r != null) {
                return r;
            }
            Thread.sleep(20);
        }
        fail("unit " + id + ": no answer to request " + requestId + " within " + timeout);
        return null;
    }

    /** Synthetic quantized employees (47 values in ±256), seeded. */
    public static List<long[]> employees(int n, long seed) {
        Random rnd = new Random(seed);
        List<long[]> out = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            long[] x = new long[HrEncoding.FEATURES];
            for (int d = 0; d < x.length; d++) {
                x[d] = rnd.nextInt(2 * HrEncoding.CLIP_Q + 1) - HrEncoding.CLIP_Q;
            }
            out.add(x);
        }
        return out;
    }

    public static long squaredDistance(long[] x, long[] mu) {
        long s = 0;
        for (int d = 0; d < x.length; d++) {
            long diff = x[d] - mu[d];
            s += diff * diff;
        }
        return s;
    }

    private void resultArrived(Delivery message) {
        SegmentResult r = SegmentResult.decode(message.payload());
        results.put(r.requestId(), r);
    }

    @Override
    public void close() {
        mqtt.close();
    }
}
