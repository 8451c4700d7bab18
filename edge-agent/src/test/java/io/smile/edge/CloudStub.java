package io.smile.edge;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HeSession;
import io.smile.ml.EncryptedScorer;
import io.smile.ml.ScoringPlan;
import io.smile.ml.QuantizedModel;
import io.smile.protocol.FeatureBatch;
import io.smile.protocol.KeyRegistration;
import io.smile.protocol.ResultBatch;
import io.smile.protocol.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test stand-in for the cloud service: a Paho MQTT v5 client that reads every gateway's key
 * registration, builds an evaluator from the public keys only, scores each feature batch with
 * {@link EncryptedScorer} and a random {@link QuantizedModel}, and publishes the encrypted result to
 * the gateway's alert topic. Drops duplicates by (gateway, sequence) like the real cloud, and
 * records every raw arrival for the tests.
 */
final class CloudStub implements MqttCallback, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CloudStub.class);

    /** One feature-batch message as it arrived (duplicates included). */
    record Arrival(String gateway, long sequence, byte[] payload) {
    }

    private static final class Gateway {
        HeSession session;
        EncryptedScorer scorer;
        byte[] publicKey;
        byte[] evaluationKeys;
        int registrations;
        final Set<Long> seen = new HashSet<>();
        final List<Long> processed = new CopyOnWriteArrayList<>();
        final List<String[]> waiting = new ArrayList<>();
    }

    private final QuantizedModel model;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cloud-stub");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Gateway> gateways = new ConcurrentHashMap<>();
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    CloudStub(String brokerUrl, QuantizedModel model) throws MqttException {
        this(brokerUrl, model, null);
    }

    /** Over TLS with {@code tls} (may be null for tcp://). */
    CloudStub(String brokerUrl, QuantizedModel model, javax.net.ssl.SSLSocketFactory tls) throws MqttException {
        this.model = model;
        client = new MqttAsyncClient(brokerUrl, "cloud-stub", new MemoryPersistence());
        client.setCallback(this);
        options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 2);
        if (tls != null) {
            options.setSocketFactory(tls);
        }
    }

    void start() throws MqttException {
        client.connect(options).waitForCompletion(30_000);
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        // (re)subscribe: harmless when the broker kept the session
        worker.execute(() -> {
            try {
                client.subscribe(new String[] {Topics.allKeys(), Topics.allFeatures(false)}, new int[] {1, 1})
                        .waitForCompletion(30_000);
            } catch (MqttException e) {
                LOG.warn("cloud stub: subscribe failed: {}", e.toString());
            }
        });
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        byte[] payload = message.getPayload();
        String[] parts = Topics.parse(topic);
        if ("features".equals(parts[2])) {
            FeatureBatch fb = FeatureBatch.decode(payload);
            arrivals.add(new Arrival(parts[1], fb.sequence(), payload));
        }
        worker.execute(() -> {
            try {
                handle(parts, payload);
            } catch (Exception e) {
                LOG.error("cloud stub failed on {}", topic, e);
            }
        });
    }

    private Gateway gateway(String id) {
        return gateways.computeIfAbsent(id, k -> new Gateway());
    }

    private void handle(String[] parts, byte[] payload) throws Exception {
        Gateway g = gateway(parts[1]);
        if ("keys".equals(parts[2])) {
            KeyRegistration reg = KeyRegistration.decode(payload);
            synchronized (g) {
                g.registrations++;
                if (g.session != null && Arrays.equals(g.publicKey, reg.publicKey())
                        && Arrays.equals(g.evaluationKeys, reg.evaluationKeys())) {
                    return;
                }
                if (g.session != null) {
                    g.session.close();
                }
                g.session = HeBackend.byName("bgv-java").open(HeParameterSpec.serialized(reg.parameters()).withThreads(2));
                g.scorer = new EncryptedScorer(model, g.session.evaluator(reg.publicKey(), reg.evaluationKeys()),
                        ScoringPlan.forSession(g.session));
                g.publicKey = reg.publicKey();
                g.evaluationKeys = reg.evaluationKeys();
            }
            List<String[]> waiting;
            synchronized (g) {
                waiting = new ArrayList<>(g.waiting);
                g.waiting.clear();
            }
            for (String[] w : waiting) {
                handleFeatures(g, w[0], w[1], FeatureBatch.decode(java.util.Base64.getDecoder().decode(w[2])));
            }
            return;
        }
        if ("features".equals(parts[2])) {
            FeatureBatch fb = FeatureBatch.decode(payload);
            synchronized (g) {
                if (g.scorer == null) {
                    g.waiting.add(new String[] {parts[0], parts[1], java.util.Base64.getEncoder().encodeToString(payload)});
                    return;
                }
            }
            handleFeatures(g, parts[0], parts[1], fb);
        }
    }

    private void handleFeatures(Gateway g, String tenant, String gatewayId, FeatureBatch fb) throws Exception {
        if (!g.seen.add(fb.sequence())) {
            return; // duplicate: already answered
        }
        long received = System.currentTimeMillis();
        long t0 = System.nanoTime();
        HeCiphertext x = g.session.readCiphertext(fb.ciphertext());
        HeCiphertext result = g.scorer.score(x, fb.windows().size());
        long micros = Math.max(1, (System.nanoTime() - t0) / 1000);
        ResultBatch rb = new ResultBatch(gatewayId, fb.sequence(), fb.modelId(), 1, fb.windows().size(), received, micros,
                result.serialize());
        publishReliably(Topics.alerts(tenant, gatewayId), rb.encode());
        g.processed.add(fb.sequence());
    }

    private void publishReliably(String topic, byte[] payload) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!closed && System.nanoTime() < deadline) {
            try {
                if (client.isConnected()) {
                    IMqttToken t = client.publish(topic, payload, 1, false);
                    t.waitForCompletion(10_000);
                    return;
                }
            } catch (MqttException e) {
                LOG.debug("cloud stub: publish failed, retrying: {}", e.toString());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("cloud stub could not publish a result to " + topic);
    }

    /** Every feature-batch arrival of a gateway, in arrival order, duplicates included. */
    List<Arrival> arrivals(String gatewayId) {
        return arrivals.stream().filter(a -> a.gateway().equals(gatewayId)).toList();
    }

    /** Sequences of a gateway scored and answered, in processing order (each once). */
    List<Long> processed(String gatewayId) {
        Gateway g = gateways.get(gatewayId);
        return g == null ? List.of() : List.copyOf(g.processed);
    }

    int registrations(String gatewayId) {
        Gateway g = gateways.get(gatewayId);
        synchronized (g == null ? this : g) {
            return g == null ? 0 : g.registrations;
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        LOG.info("cloud stub disconnected");
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }

    @Override
    public void close() throws Exception {
        closed = true;
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5000);
            }
        } finally {
            client.close(true);
            for (Gateway g : gateways.values()) {
                if (g.session != null) {
                    g.session.close();
                }
            }
        }
    }
}
