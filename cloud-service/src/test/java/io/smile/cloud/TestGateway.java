package io.smile.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.smile.he.api.HeCiphertext;
import io.smile.pdm.model.SlotLayout;
import io.smile.protocol.FeatureBatch;
import io.smile.protocol.ResultBatch;
import io.smile.protocol.Topics;
import io.smile.protocol.mqtt.Delivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import io.smile.protocol.mqtt.MqttSettings;
import io.smile.testkit.TestMqttClient;

/**
 * A gateway as the edge agent would be, for tests: encrypts quantized windows with the shared
 * {@link TestKeys}, publishes registrations and batches over MQTT v5 and collects the results on
 * its alert topic, on the testkit's {@link TestMqttClient} (a persistent session, so results sent
 * while it was disconnected still arrive).
 */
public final class TestGateway implements AutoCloseable {
    public final TestMqttClient mqtt;
    public final String tenant;
    public final String id;
    public final TestKeys keys = TestKeys.get();
    private final Map<Long, ResultBatch> results = new ConcurrentHashMap<>();
    public final List<ResultBatch> all = new CopyOnWriteArrayList<>();
    private final Random random;

    public TestGateway(String url, String tenant, String id) throws InterruptedException {
        this.tenant = tenant;
        this.id = id;
        this.random = new Random(id.hashCode());
        mqtt = TestMqttClient.connect(MqttSettings.of(url, "test-gw-" + id)
                .withPersistentSession(600L)
                .withReconnectDelay(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withConnectTimeout(5));
        try {
            mqtt.subscribe(Topics.alerts(tenant, id), this::resultArrived);
        } catch (InterruptedException | RuntimeException | AssertionError e) {
            mqtt.close();
            throw e;
        }
    }

    public void register() throws InterruptedException {
        publishRaw(Topics.keys(tenant, id), keys.registration(tenant, id).encode(), true);
    }

    /** Publishes at QoS 1 and waits for the PUBACK. */
    public void publishRaw(String topic, byte[] payload, boolean retained) throws InterruptedException {
        if (retained) {
            mqtt.publishRetained(topic, payload);
        } else {
            mqtt.publish(topic, payload);
        }
    }

    public boolean isConnected() {
        return mqtt.session().isConnected();
    }

    public List<long[]> randomWindows(int count) {
        List<long[]> out = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            long[] x = new long[TestModel.ENC.width()];
            for (int i = 0; i < x.length - 1; i++) {
                x[i] = random.nextInt(2 * TestModel.ENC.clip() + 1) - TestModel.ENC.clip();
            }
            x[x.length - 1] = TestModel.ENC.resolution();
            out.add(x);
        }
        return out;
    }

    public long[] pack(List<long[]> windows) {
        int b = TestModel.ENC.blockSize();
        long[] slots = new long[keys.session.slotCount()];
        for (int w = 0; w < windows.size(); w++) {
            System.arraycopy(windows.get(w), 0, slots, w * b, windows.get(w).length);
        }
        return slots;
    }

    public HeCiphertext encrypt(List<long[]> windows) {
        return keys.owner.encrypt(pack(windows));
    }

    public FeatureBatch batch(long seq, List<long[]> windows) {
        return batch(seq, windows.size(), TestModel.ID, encrypt(windows).serialize());
    }

    public FeatureBatch batch(long seq, int windows, String model, byte[] ciphertext) {
        List<FeatureBatch.Window> meta = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            meta.add(new FeatureBatch.Window("m" + w, 1_700_000_000_000L + w));
        }
        return FeatureBatch.signed(keys.identity, id, seq, System.currentTimeMillis(), model, meta, ciphertext);
    }

    public void publish(FeatureBatch b) throws InterruptedException {
        publishRaw(Topics.features(tenant, id), b.encode(), false);
    }

    /**
     * Publishes a batch of these windows and checks every decrypted result against the plaintext
     * model (its decision, or its score when the result's output is SCORE).
     */
    public ResultBatch scoreAndCheck(long seq, List<long[]> windows) throws Exception {
        publish(batch(seq, windows));
        ResultBatch r = awaitResult(seq, Duration.ofSeconds(120));
        checkScores(r, windows);
        return r;
    }

    public void checkScores(ResultBatch r, List<long[]> windows) {
        assertEquals(windows.size(), r.windows());
        assertEquals(TestModel.ID, r.modelId());
        assertEquals(TestModel.VERSION, r.modelVersion());
        long[] dec = keys.owner.decrypt(keys.session.readCiphertext(r.ciphertext()));
        for (int w = 0; w < windows.size(); w++) {
            long score = TestModel.model().score(windows.get(w));
            long value = SlotLayout.of(TestModel.ENC, dec.length).scoreOf(dec, w);
            if (r.output() == ResultBatch.Output.SCORE) {
                assertEquals(score, value, "gateway " + id + " window " + w);
            } else {
                assertEquals(score > 0, value > 0, "gateway " + id + " window " + w + ": decision");
            }
        }
    }

    public ResultBatch awaitResult(long seq, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            ResultBatch r = results.get(seq);
            if (r != null) {
                return r;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertNotNull(null, "gateway " + id + ": no result for sequence " + seq + " within " + timeout);
        return null;
    }

    public int resultsFor(long seq) {
        int n = 0;
        for (ResultBatch r : all) {
            n += r.sequence() == seq ? 1 : 0;
        }
        return n;
    }

    private void resultArrived(Delivery message) {
        ResultBatch r = ResultBatch.decode(message.payload());
        all.add(r);
        results.put(r.sequence(), r);
    }

    @Override
    public void close() {
        mqtt.close();
    }
}
