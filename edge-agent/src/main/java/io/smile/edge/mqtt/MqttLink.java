package io.smile.edge.mqtt;

import io.smile.edge.EdgeAgentException;
import io.smile.edge.Failures;
import io.smile.edge.batch.BatchOutcomes;
import io.smile.edge.batch.DeliveryTracker;
import io.smile.edge.batch.Outbox;
import io.smile.edge.metrics.Counters;
import io.smile.profiles.BrokerSpec;
import io.smile.profiles.TlsSettings;
import io.smile.protocol.GatewayStatus;
import io.smile.protocol.MqttTls;
import io.smile.protocol.ProtocolException;
import io.smile.protocol.mqtt.MqttSession;
import io.smile.protocol.mqtt.MqttSessionException;
import io.smile.protocol.mqtt.MqttSettings;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's MQTT link, on smile-protocol's {@link MqttSession}: a persistent session (clean start
 * false with a session expiry, so the alert subscription and results queued for the gateway survive
 * reconnects), QoS 1 everywhere, reconnecting with backoff up to {@code reconnectMaxDelaySeconds}.
 *
 * <p>On every connection: publish the retained key registration and wait for its acknowledgement,
 * then send the outbox in sequence order with at most {@code maxInflight} unacknowledged publishes.
 * A batch stays in the outbox until its <em>result</em> has arrived (end-to-end acknowledgement,
 * {@link DeliveryTracker}), not just the broker's PUBACK: when the result is overdue the batch is
 * re-sent with the same sequence and bytes (the cloud scores it once and re-publishes a stored
 * result), with a doubling timeout; when the cloud refuses it with a retry delay, it is re-sent
 * after that delay and no new batch is sent meanwhile. A publish whose connection dropped is sent
 * again by the session after the reconnect, so the link does not send it again itself.
 *
 * <p>The cloud's view of the gateway comes on its status topic ({@link GatewayStatus}, unsigned, so
 * only a hint): when the cloud holds no keys of the gateway or other keys under the same identity,
 * the registration is published again, at most once per {@code reregistrationBackoffMillis} after
 * the last one; a batch refusal ({@code bad-signature}, {@code unknown-gateway}) whose digest is
 * that of the batch in the outbox with that sequence ends the wait for it (counted as refused),
 * one with another digest (someone else's batch with our sequence) is ignored. A cloud that pinned
 * another identity is not re-registered with (it would refuse): an ERROR says to clear the pin.
 *
 * <p>Outbox state changes run on one thread ({@code edge-mqtt-*}); session events only hand over.
 */
public final class MqttLink implements BatchOutcomes.Delivery, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    private static final long REGISTRATION_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(10);
    /** How often overdue results and passed retry delays are looked for. */
    private static final long RESEND_CHECK_MS = 200;

    /** What the agent does with acknowledgements and incoming results. */
    public interface Handler {
        /** The broker acknowledged the first publish of the batch (re-sends are not reported). */
        void acknowledged(long sequence, long payloadBytes);

        void registrationPublished();

        /** Called on the session's delivery thread; the QoS 1 acknowledgement follows its return. */
        void result(byte[] payload);

        /** The cloud refused this gateway's own batch for good (its status said so, with the batch's digest). */
        void batchRefused(long sequence, String reason);
    }

    /** Connection settings. */
    public record Settings(String gatewayId, String clientId, int maxInflight, int reconnectMaxDelaySeconds, long sessionExpirySeconds,
                           long reregistrationBackoffMillis) {
        /** With the default re-registration backoff. */
        public Settings(String gatewayId, String clientId, int maxInflight, int reconnectMaxDelaySeconds,
                        long sessionExpirySeconds) {
            this(gatewayId, clientId, maxInflight, reconnectMaxDelaySeconds, sessionExpirySeconds,
                    DEFAULT_REREGISTRATION_BACKOFF_MS);
        }
    }

    /** At most one registration publish per this time on the status topic's word (each is ~45 MB). */
    public static final long DEFAULT_REREGISTRATION_BACKOFF_MS = 30_000;

    private final URI broker;
    private final String featuresTopic;
    private final String keysTopic;
    private final byte[] registration;
    /** SHA-256 of our registration and of our identity key: what a status is compared with. */
    private final byte[] registrationDigest;
    private final byte[] identityDigest;
    private final Outbox outbox;
    private final DeliveryTracker deliveries;
    private final Counters counters;
    private final Handler handler;
    private final Settings settings;
    private final MqttSession session;
    private final ScheduledExecutorService exec;

    // state below: only on the exec thread
    private final Set<Long> inflight = new HashSet<>();
    private long cursor;
    private boolean ready;
    /** The last registration publish: a reconnect while it is held by the session must not send the ~45 MB twice. */
    private CompletableFuture<Void> registering;
    /** System.nanoTime() of the last registration publish (Long.MIN_VALUE: none yet). */
    private long lastRegistrationNanos = Long.MIN_VALUE;
    private boolean identityMismatchLogged;
    private volatile boolean closed;

    /**
     * @param statusTopic the gateway's status topic ({@code Topics.status})
     * @param identityKey the X.509 bytes of the identity that signed {@code registration}
     */
    public MqttLink(BrokerSpec brokerSpec, URI broker, String featuresTopic, String alertsTopic, String keysTopic,
             String statusTopic, byte[] registration, byte[] identityKey, Outbox outbox, DeliveryTracker deliveries,
             Counters counters, Handler handler, Settings settings) {
        this.broker = broker;
        this.registrationDigest = GatewayStatus.digestOf(registration);
        this.identityDigest = GatewayStatus.digestOf(identityKey);
        this.featuresTopic = featuresTopic;
        this.keysTopic = keysTopic;
        this.registration = registration;
        this.outbox = outbox;
        this.deliveries = deliveries;
        this.counters = counters;
        this.handler = handler;
        this.settings = settings;
        int maxDelay = Math.max(1, settings.reconnectMaxDelaySeconds());
        MqttSettings mqtt;
        try {
            mqtt = MqttSettings.of(broker.toString(), settings.clientId())
                    .withPersistentSession(settings.sessionExpirySeconds())
                    .withKeepAlive(30)
                    .withConnectTimeout(30)
                    .withReconnectDelay(Duration.ofSeconds(1), Duration.ofSeconds(maxDelay));
            if ("ssl".equals(broker.getScheme()) && brokerSpec.tls().isPresent()) {
                mqtt = mqtt.withTls(socketFactory(brokerSpec.tls().get(), settings.gatewayId()));
            }
            session = new MqttSession(mqtt, new Events());
        } catch (IllegalArgumentException e) {
            throw new EdgeAgentException("invalid MQTT broker URL " + broker + ": " + e.getMessage(), e);
        }
        exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edge-mqtt-" + settings.clientId());
            t.setDaemon(true);
            return t;
        });
        // once: the session renews it on every connection
        session.subscribe(alertsTopic, d -> {
            try {
                handler.result(d.payload());
            } catch (RuntimeException e) {
                // acknowledged anyway: a result that cannot be processed now never will be
                LOG.error("processing a result message failed: {}", e.toString());
            }
        });
        session.subscribe(statusTopic, d -> {
            byte[] payload = d.payload();
            run(() -> onStatus(payload));
        });
    }

    /**
     * The gateway's TLS socket factory: the fleet's trust store (else the JVM's default trust) and,
     * for brokers that require mutual TLS, the gateway's own key store. Passwords come from the
     * environment variables or files the fleet names.
     */
    static SSLSocketFactory socketFactory(TlsSettings tls, String gatewayId) {
        try {
            Optional<MqttTls.StoreFile> trust = Optional.of(new MqttTls.StoreFile(tls.truststore(), tls.truststoreType(),
                    tls.truststorePassword().map(p -> p.read(gatewayId))));
            Optional<MqttTls.StoreFile> key = tls.keystoreFor(gatewayId).map(k -> new MqttTls.StoreFile(k, tls.keystoreType(),
                    tls.keystorePassword().map(p -> p.read(gatewayId))));
            return MqttTls.socketFactory(trust, key);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new EdgeAgentException(e.getMessage(), e);
        }
    }

    public void start() {
        exec.scheduleWithFixedDelay(this::resendDue, RESEND_CHECK_MS, RESEND_CHECK_MS, TimeUnit.MILLISECONDS);
        session.start();
    }

    @Override
    public void finished(long sequence, boolean answered) {
        run(() -> {
            boolean late = deliveries.finished(sequence);
            if (answered) {
                counters.resultsAnswered.incrementAndGet();
                if (late) {
                    counters.batchesLate.incrementAndGet();
                }
            }
            try {
                outbox.remove(sequence);
            } catch (IOException e) {
                LOG.error("cannot delete finished batch {} from the outbox: {}", sequence, e.toString());
            }
            drain();
        });
    }

    @Override
    public void retryLater(long sequence, long retryAfterMillis) {
        run(() -> deliveries.retryLater(sequence, retryAfterMillis));
    }

    /** Asks the sender to look at the outbox (a new batch was stored). */
    public void kick() {
        run(this::drain);
    }

    /** Whether the MQTT connection is up now. */
    public boolean isConnected() {
        return session.isConnected();
    }

    private void run(Runnable task) {
        if (closed) {
            return;
        }
        try {
            exec.execute(task);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** Session events (on its delivery thread). */
    private final class Events implements MqttSession.Listener {
        @Override
        public void connected(boolean reconnect, boolean sessionPresent) {
            counters.mqttConnected = true;
            LOG.info("MQTT {} to {} as {}", reconnect ? "reconnected" : "connected", broker, settings.clientId());
            run(MqttLink.this::onConnected);
        }

        @Override
        public void connectionLost(Throwable cause) {
            counters.mqttConnected = false;
            if (closed) {
                return;
            }
            LOG.warn("MQTT connection to {} lost ({}); batches are kept in the outbox ({} waiting), reconnecting"
                    + " automatically", broker, cause == null ? "?" : Failures.rootMessage(cause), outbox.size());
            run(() -> ready = false);
        }

        @Override
        public void connectFailed(int failures, Duration nextAttemptIn, Throwable cause) {
            if (closed) {
                return;
            }
            if (failures == 1 && isTlsFailure(cause)) {
                LOG.error("MQTT broker {}: TLS handshake failed ({}); check the fleet's broker.tls trust store and this gateway's"
                        + " certificate. Batches are kept in the outbox, retrying with backoff up to {} s",
                        broker, Failures.rootMessage(cause), settings.reconnectMaxDelaySeconds());
            } else if (failures == 1) {
                LOG.warn("MQTT broker {} unreachable ({}); batches are kept in the outbox, retrying with backoff up to {} s",
                        broker, Failures.rootMessage(cause), settings.reconnectMaxDelaySeconds());
            } else {
                LOG.debug("MQTT connect attempt {} to {} failed: {}; next in {} ms", failures, broker,
                        Failures.rootMessage(cause), nextAttemptIn.toMillis());
            }
        }
    }

    private static boolean isTlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private void onConnected() {
        if (closed || !session.isConnected()) {
            return;
        }
        ready = false;
        if (registering != null && !registering.isDone()) {
            return; // the session sends the held registration again; registered() follows its PUBACK
        }
        long start = System.nanoTime();
        CompletableFuture<Void> f;
        try {
            f = session.publishRetained(keysTopic, registration);
        } catch (MqttSessionException e) {
            return; // closed
        }
        registering = f;
        lastRegistrationNanos = System.nanoTime();
        f.whenComplete((v, e) -> run(() -> registered(f, e, start)));
        exec.schedule(() -> {
            if (!f.isDone()) {
                LOG.warn("MQTT: the key registration is not acknowledged after {} min; still waiting",
                        TimeUnit.MILLISECONDS.toMinutes(REGISTRATION_TIMEOUT_MS));
            }
        }, REGISTRATION_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private void registered(CompletableFuture<Void> f, Throwable e, long start) {
        if (closed || f != registering) {
            return;
        }
        if (e != null) {
            LOG.warn("MQTT: registering the keys failed ({}); trying again", Failures.rootMessage(e));
            exec.schedule(this::onConnected, 2, TimeUnit.SECONDS);
            return;
        }
        counters.registrationsPublished.incrementAndGet();
        handler.registrationPublished();
        LOG.info("MQTT: key registration published to {} ({} MB, retained) in {} ms; {} batches waiting in the outbox",
                keysTopic, registration.length >> 20, (System.nanoTime() - start) / 1_000_000, outbox.size());
        ready = true;
        drain();
    }

    private void drain() {
        if (!ready || closed) {
            return;
        }
        while (inflight.size() < settings.maxInflight()) {
            if (deliveries.paused()) {
                // the cloud asked to wait: new batches stay in the outbox until the delay has passed
                exec.schedule(this::drain, Math.max(1, deliveries.pauseRemainingMillis()), TimeUnit.MILLISECONDS);
                return;
            }
            OptionalLong next = outbox.next(cursor);
            if (next.isEmpty()) {
                return;
            }
            long seq = next.getAsLong();
            cursor = seq + 1;
            if (inflight.contains(seq) || deliveries.isTracked(seq)) {
                continue; // sent in this run: re-sent only when its result is overdue
            }
            byte[] payload;
            try {
                payload = outbox.read(seq);
            } catch (IOException e) {
                LOG.error("cannot read batch {} from the outbox: {}", seq, e.toString());
                continue;
            }
            if (payload == null) {
                continue; // acknowledged or dropped meanwhile
            }
            long size = payload.length;
            CompletableFuture<Void> f;
            try {
                f = session.publish(featuresTopic, payload);
            } catch (MqttSessionException e) {
                cursor = seq;
                return; // closed
            }
            track(seq, f, size);
        }
    }

    private void track(long seq, CompletableFuture<Void> f, long size) {
        inflight.add(seq);
        deliveries.published(seq);
        counters.batchesPublished.incrementAndGet();
        f.whenComplete((v, e) -> run(() -> {
            if (e == null) {
                acknowledged(seq, size);
            } else {
                failed(seq, e);
            }
        }));
    }

    /** Re-sends the batches whose result is overdue or whose retry delay has passed (same sequence, same bytes). */
    private void resendDue() {
        if (!ready || closed || !session.isConnected()) {
            return;
        }
        for (long seq : deliveries.due()) {
            if (inflight.size() >= settings.maxInflight()) {
                return;
            }
            if (inflight.contains(seq)) {
                continue;
            }
            byte[] payload;
            try {
                payload = outbox.read(seq);
            } catch (IOException e) {
                LOG.error("cannot read batch {} from the outbox for a re-send: {}", seq, e.toString());
                continue;
            }
            if (payload == null) {
                deliveries.finished(seq); // dropped from the outbox meanwhile (counted there)
                continue;
            }
            CompletableFuture<Void> f;
            try {
                f = session.publish(featuresTopic, payload);
            } catch (MqttSessionException e) {
                return; // closed
            }
            deliveries.resending(seq);
            counters.batchesResent.incrementAndGet();
            LOG.info("batch {}: no result yet (or the cloud asked for a retry); re-sent with the same sequence and bytes", seq);
            track(seq, f, payload.length);
        }
    }

    private void acknowledged(long seq, long size) {
        inflight.remove(seq);
        if (deliveries.brokerAcknowledged(seq)) {
            handler.acknowledged(seq, size);
        }
        drain();
    }

    /** Refused by the session or the broker (not a lost connection: those publishes are held and resent). */
    private void failed(long seq, Throwable e) {
        inflight.remove(seq);
        deliveries.finished(seq); // sent again by drain, from the outbox
        cursor = Math.min(cursor, seq);
        LOG.debug("MQTT publish of batch {} failed ({}); it stays in the outbox", seq, Failures.rootMessage(e));
        if (ready && session.isConnected()) {
            exec.schedule(this::drain, 500, TimeUnit.MILLISECONDS);
        }
    }

    /** A status message of the cloud (exec thread). Never throws. */
    private void onStatus(byte[] payload) {
        if (closed || payload.length == 0) {
            return; // an empty payload: the retained status was cleared
        }
        GatewayStatus st;
        try {
            st = GatewayStatus.decode(payload);
        } catch (ProtocolException e) {
            counters.statusesIgnored.incrementAndGet();
            LOG.warn("ignoring a malformed status message: {}", e.getMessage());
            return;
        }
        if (!settings.gatewayId().equals(st.gatewayId())) {
            counters.statusesIgnored.incrementAndGet();
            LOG.warn("ignoring a status addressed to gateway {}", st.gatewayId());
            return;
        }
        counters.statusesReceived.incrementAndGet();
        if (st.kind() == GatewayStatus.Kind.BATCH_REFUSED) {
            batchRefused(st);
        }
        if (st.holdsKeys() && !MessageDigest.isEqual(st.heldIdentity(), identityDigest)) {
            if (!identityMismatchLogged) {
                identityMismatchLogged = true;
                LOG.error("the cloud pinned another identity for gateway {} (its state directory was replaced?): it refuses"
                        + " this gateway's registrations and batches until an operator runs DELETE /gateways/{}",
                        settings.gatewayId(), settings.gatewayId());
            }
            return; // re-registering would only be refused
        }
        if (st.kind() == GatewayStatus.Kind.REGISTRATION_REFUSED) {
            // ours (when the cloud holds no keys of ours) or someone else's on our topic: re-sending changes nothing
            LOG.warn("the cloud refused a registration on this gateway's topic ({}); it holds {}", st.reason(),
                    !st.holdsKeys() ? "no keys of this gateway"
                            : MessageDigest.isEqual(st.heldKeys(), registrationDigest) ? "this gateway's keys" : "older keys");
            return;
        }
        if (!st.holdsKeys()) {
            reregister("the cloud holds no keys of this gateway (" + (st.reason().isEmpty() ? st.kind() : st.reason()) + ")");
        } else if (!MessageDigest.isEqual(st.heldKeys(), registrationDigest)) {
            reregister("the cloud holds other keys of this gateway");
        }
    }

    /** Ends the wait for our batch if the refused one is it (same sequence and digest). */
    private void batchRefused(GatewayStatus st) {
        long seq = st.sequence();
        byte[] payload;
        try {
            payload = outbox.read(seq);
        } catch (IOException e) {
            LOG.debug("batch {} refused by the cloud, but unreadable from the outbox: {}", seq, e.toString());
            return;
        }
        if (payload == null || !MessageDigest.isEqual(GatewayStatus.digestOf(payload), st.batchDigest())) {
            counters.statusesIgnored.incrementAndGet();
            LOG.debug("a refusal of batch {} ({}) that is not this gateway's batch {}: ignored", seq, st.reason(), seq);
            return;
        }
        LOG.warn("the cloud refused batch {} ({}): no longer waiting for its result, counted as refused", seq, st.reason());
        inflight.remove(seq);
        handler.batchRefused(seq, st.reason());
    }

    /** Publishes the registration again unless one was published less than the backoff ago (exec thread). */
    private void reregister(String why) {
        if (registering != null && !registering.isDone()) {
            return; // one is on its way
        }
        long since = lastRegistrationNanos == Long.MIN_VALUE ? Long.MAX_VALUE
                : (System.nanoTime() - lastRegistrationNanos) / 1_000_000;
        if (since < settings.reregistrationBackoffMillis()) {
            LOG.debug("not re-registering yet ({}): the last registration was {} ms ago", why, since);
            return;
        }
        if (!session.isConnected()) {
            return; // the next connection registers anyway
        }
        LOG.warn("re-registering: {}", why);
        counters.reregistrations.incrementAndGet();
        onConnected();
    }

    @Override
    public void close() {
        closed = true;
        exec.shutdownNow();
        try {
            exec.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close();
        counters.mqttConnected = false;
    }
}
