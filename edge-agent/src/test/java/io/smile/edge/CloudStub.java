package io.smile.edge;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HeSession;
import io.smile.pdm.model.EncryptedScorer;
import io.smile.pdm.model.ScoringPlan;
import io.smile.pdm.model.QuantizedModel;
import io.smile.protocol.FeatureBatch;
import io.smile.protocol.KeyRegistration;
import io.smile.protocol.ResultBatch;
import io.smile.protocol.Topics;
import io.smile.protocol.mqtt.Delivery;
import io.smile.protocol.mqtt.MqttSettings;
import io.smile.testkit.TestMqttClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test stand-in for the cloud service: a {@link TestMqttClient} (persistent session) that reads every gateway's key
 * registration, builds an evaluator from the public keys only, scores each feature batch with
 * {@link EncryptedScorer} and a random {@link QuantizedModel}, and publishes the encrypted result to
 * the gateway's alert topic. Scores each (gateway, sequence) once and answers a re-send with the
 * stored result, like the real cloud, and records every raw arrival for the tests.
 *
 * <p>Faults on demand, per gateway: lose the next results (scored, stored, never published: a
 * broker crash after the cloud scored), refuse the next batches with a status and a retry delay
 * (an overloaded cloud), publish every result twice.
 */
final class CloudStub implements AutoCloseable {
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
        final Map<Long, byte[]> results = new ConcurrentHashMap<>();
        final List<Long> processed = new CopyOnWriteArrayList<>();
        final List<Long> refusedSequences = new CopyOnWriteArrayList<>();
        int dropResults;
        int refuse;
        String refuseStatus;
        long refuseRetryAfterMillis;
        boolean duplicateResults;
        int republished;
        final List<String[]> waiting = new ArrayList<>();
    }

    private final QuantizedModel model;
    private final MqttSettings settings;
    private TestMqttClient client;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cloud-stub");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Gateway> gateways = new ConcurrentHashMap<>();
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    CloudStub(String brokerUrl, QuantizedModel model) {
        this(brokerUrl, model, null);
    }

    /** Over TLS with {@code tls} (may be null for tcp://). */
    CloudStub(String brokerUrl, QuantizedModel model, SSLSocketFactory tls) {
        this.model = model;
        MqttSettings s = MqttSettings.of(brokerUrl, "cloud-stub").withPersistentSession(3600L)
                .withReconnectDelay(Duration.ofSeconds(1), Duration.ofSeconds(2));
        settings = tls == null ? s : s.withTls(tls);
    }

    /** Connects; the subscriptions are made before the first CONNECT and renewed on every connection. */
    void start() throws InterruptedException {
        client = TestMqttClient.connect(settings);
        // the session's own subscribe: TestMqttClient.subscribe would also keep every ~45 MB registration
        try {
            client.session().subscribe(Topics.allKeys(), this::messageArrived).get(30, TimeUnit.SECONDS);
            client.session().subscribe(Topics.allFeatures(false), this::messageArrived).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cloud stub: subscribing failed", e);
        }
    }

    private void messageArrived(Delivery message) {
        String topic = message.topic().toString();
        byte[] payload = message.payload();
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
        String alerts = Topics.alerts(tenant, gatewayId);
        byte[] stored = g.results.get(fb.sequence());
        if (stored != null) {
            synchronized (g) {
                g.republished++;
            }
            publishReliably(alerts, stored); // a re-send: scored once, answered again
            return;
        }
        synchronized (g) {
            if (g.refuse > 0) {
                g.refuse--;
                g.refusedSequences.add(fb.sequence());
                publishReliably(alerts, ResultBatch.refused(gatewayId, fb.sequence(), fb.modelId(), 1, fb.windows().size(),
                        System.currentTimeMillis(), g.refuseStatus, g.refuseRetryAfterMillis).encode());
                return;
            }
        }
        long received = System.currentTimeMillis();
        long t0 = System.nanoTime();
        HeCiphertext x = g.session.readCiphertext(fb.ciphertext());
        HeCiphertext result = g.scorer.score(x, fb.windows().size());
        long micros = Math.max(1, (System.nanoTime() - t0) / 1000);
        ResultBatch rb = ResultBatch.scored(gatewayId, fb.sequence(), fb.modelId(), 1, fb.windows().size(), received, micros,
                ResultBatch.Output.SCORE, result.serialize());
        byte[] encoded = rb.encode();
        g.results.put(fb.sequence(), encoded);
        g.processed.add(fb.sequence());
        boolean drop;
        boolean twice;
        synchronized (g) {
            drop = g.dropResults > 0;
            if (drop) {
                g.dropResults--;
            }
            twice = g.duplicateResults;
        }
        if (drop) {
            return; // lost on the way back: the gateway must re-send to get it
        }
        publishReliably(alerts, encoded);
        if (twice) {
            publishReliably(alerts, encoded);
        }
    }

    /** The next {@code n} results of the gateway are scored and stored but never published. */
    void dropNextResults(String gatewayId, int n) {
        Gateway g = gateway(gatewayId);
        synchronized (g) {
            g.dropResults = n;
        }
    }

    /** The next {@code n} new batches of the gateway are refused with {@code status} and {@code retryAfterMillis}. */
    void refuseNext(String gatewayId, int n, String status, long retryAfterMillis) {
        Gateway g = gateway(gatewayId);
        synchronized (g) {
            g.refuse = n;
            g.refuseStatus = status;
            g.refuseRetryAfterMillis = retryAfterMillis;
        }
    }

    /** Whether every result of the gateway is published twice. */
    void duplicateResults(String gatewayId, boolean on) {
        Gateway g = gateway(gatewayId);
        synchronized (g) {
            g.duplicateResults = on;
        }
    }

    /** Sequences of the gateway answered with a refusal, in order. */
    List<Long> refused(String gatewayId) {
        Gateway g = gateways.get(gatewayId);
        return g == null ? List.of() : List.copyOf(g.refusedSequences);
    }

    /** Re-sends of already scored batches answered with the stored result. */
    int republished(String gatewayId) {
        Gateway g = gateways.get(gatewayId);
        if (g == null) {
            return 0;
        }
        synchronized (g) {
            return g.republished;
        }
    }

    private void publishReliably(String topic, byte[] payload) throws InterruptedException {
        // the session holds the publish while disconnected and resends it after a reconnect
        try {
            client.publishAsync(topic, payload).get(90, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            if (!closed) {
                throw new IllegalStateException("cloud stub could not publish a result to " + topic, e);
            }
        }
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
    public void close() throws Exception {
        closed = true;
        worker.shutdownNow();
        worker.awaitTermination(10, TimeUnit.SECONDS);
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            for (Gateway g : gateways.values()) {
                if (g.session != null) {
                    g.session.close();
                }
            }
        }
    }
}
