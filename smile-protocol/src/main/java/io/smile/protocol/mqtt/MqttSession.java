package io.smile.protocol.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * One MQTT v5 client session (Eclipse Paho 1.2.5 underneath), the only one in the product:
 *
 * <ul>
 *   <li>connects in the background and retries with backoff ({@link ReconnectBackoff}: min, doubling, never
 *       more than the configured max) until the broker answers, the first time and after every connection
 *       loss;</li>
 *   <li>renews every subscription on every connection;</li>
 *   <li>acknowledges a QoS 1 message only once its handlers accepted it ({@link Delivery}); a handler that
 *       throws leaves it to be delivered again after a reconnection;</li>
 *   <li>publishes at QoS 1; a publish completes on the broker's PUBACK and is held (in order) while
 *       disconnected or while the broker's in-flight window is full, and sent again if the connection
 *       dropped before its PUBACK (at least once: receivers drop duplicates);</li>
 *   <li>counts messages and bytes both ways.</li>
 * </ul>
 *
 * <p>Paho's own automatic reconnection is off, on purpose: in 1.2.5 its delay is a JVM-wide static that
 * starts at 1 s and doubles while below {@code MqttConnectionOptions.getMaxReconnectDelay()} (128 s by
 * default; {@code setAutomaticReconnectDelay(min, max)} is ignored), so it overshoots any maximum that is
 * not 1 s times a power of two, and every client in the process shares and resets it. Paho does not retry
 * a first connection either. The session runs one loop for both.
 *
 * <p>Handlers and {@link Listener} events run on one delivery thread per session, in arrival order, never
 * on Paho's threads: a handler may block briefly (even wait for a publish of its own) without stalling
 * acknowledgements. Acknowledgements of messages from an earlier connection are dropped (their packet ids
 * may name other messages now); the broker delivers those again.
 */
public final class MqttSession implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MqttSession.class.getName());
    private static final int QOS = 1;
    private static final long DISCONNECT_QUIESCE_MS = 2_000;
    private static final long DISCONNECT_WAIT_MS = 5_000;
    private static final long INFLIGHT_RETRY_MS = 20;

    /** Receives the messages of one subscription. Runs on the session's delivery thread. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Accepts a message: returning normally acknowledges it (unless {@link Delivery#deferAck()} took the
         * acknowledgement over); throwing refuses it.
         */
        void accept(Delivery message) throws Exception;
    }

    /** Connection events, on the delivery thread (in order with the messages). */
    public interface Listener {
        /** Connected; {@code reconnect} after an earlier connection of this session, {@code sessionPresent} as the broker said. */
        default void connected(boolean reconnect, boolean sessionPresent) {
        }

        /** The connection was lost; reconnecting. */
        default void connectionLost(Throwable cause) {
        }

        /** Attempt {@code failures} in a row failed; the next one follows after {@code nextAttemptIn}. */
        default void connectFailed(int failures, Duration nextAttemptIn, Throwable cause) {
        }
    }

    /** Which retained messages the broker sends when a subscription is (re)made. */
    public enum Retained {
        /** On every subscribe, i.e. at every connection (MQTT retain handling 0). */
        ON_EVERY_SUBSCRIBE,
        /**
         * At this session's first subscribe; at later connections only if the broker lost the subscription
         * (retain handling 1): for large retained messages a receiver already holds.
         */
        ONCE
    }

    /** What went over the session so far; bytes are payload plus topic (UTF-8). */
    public record Counters(long messagesSent, long bytesSent, long messagesReceived, long bytesReceived, long connections,
                           long connectionLosses, long failedConnectAttempts) {
    }

    private static final class Subscription {
        final TopicFilter filter;
        final Retained retained;
        final Handler handler;
        final CompletableFuture<Void> active = new CompletableFuture<>();
        volatile boolean acknowledged;
        /** The epoch of the connection on which the broker last granted it. */
        volatile long grantedIn = -1;

        Subscription(TopicFilter filter, Retained retained, Handler handler) {
            this.filter = filter;
            this.retained = retained;
            this.handler = handler;
        }
    }

    private record Pending(long order, String topic, byte[] payload, boolean retain, CompletableFuture<Void> done) {
    }

    private final MqttSettings settings;
    private final Listener listener;
    private final ReconnectBackoff backoff;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final ScheduledExecutorService control;
    private final ExecutorService delivery;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final PriorityQueue<Pending> pending = new PriorityQueue<>((a, b) -> Long.compare(a.order, b.order));
    private final AtomicLong publishOrder = new AtomicLong();
    private final Object state = new Object();

    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong losses = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();

    // connection state: written on the control thread (closed also by close()), read anywhere
    private volatile boolean started;
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile boolean connecting;
    /** One more on every connection attempt and every loss: acknowledgements of older connections are dropped. */
    private volatile long epoch;
    private volatile Throwable lastFailure;
    private int failures;
    private volatile Thread deliveryThread;

    public MqttSession(MqttSettings settings) {
        this(settings, new Listener() {
        });
    }

    /** A session that does not connect yet: {@link #start()} or {@link #connect(Duration)}. */
    public MqttSession(MqttSettings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
        this.backoff = new ReconnectBackoff(settings.reconnectMinDelay(), settings.reconnectMaxDelay());
        try {
            client = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid MQTT settings " + settings + ": " + e.getMessage(), e);
        }
        client.setManualAcks(true);
        client.setCallback(new PahoCallback());
        options = options(settings);
        control = Executors.newSingleThreadScheduledExecutor(daemon("mqtt-" + settings.clientId()));
        ThreadFactory deliveryThreads = daemon("mqtt-deliver-" + settings.clientId());
        delivery = Executors.newSingleThreadExecutor(r -> {
            Thread t = deliveryThreads.newThread(r);
            deliveryThread = t;
            return t;
        });
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static MqttConnectionOptions options(MqttSettings s) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(s.cleanStart());
        o.setSessionExpiryInterval(s.sessionExpirySeconds());
        o.setKeepAliveInterval(s.keepAliveSeconds());
        o.setConnectionTimeout(s.connectTimeoutSeconds());
        o.setAutomaticReconnect(false); // the session's own loop (see the class comment)
        s.username().ifPresent(o::setUserName);
        s.password().ifPresent(p -> o.setPassword(p.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        s.tls().ifPresent(o::setSocketFactory);
        return o;
    }

    public MqttSettings settings() {
        return settings;
    }

    /** Starts connecting in the background (and keeps the session connected until {@link #close()}). Returns at once. */
    public MqttSession start() {
        synchronized (state) {
            if (closed) {
                throw new MqttSessionException(settings.clientId() + ": session closed");
            }
            if (started) {
                return this;
            }
            started = true;
        }
        control.execute(this::attemptConnect);
        return this;
    }

    /**
     * {@link #start()}, then waits until connected.
     *
     * @throws MqttSessionException if not connected within {@code timeout} (the session keeps trying until
     *                              closed), with the last failure as cause
     */
    public MqttSession connect(Duration timeout) throws InterruptedException {
        start();
        if (!awaitConnected(timeout)) {
            Throwable cause = lastFailure;
            throw new MqttSessionException("MQTT: " + settings.clientId() + " not connected to " + settings.serverUri()
                    + " within " + timeout + (cause == null ? "" : ": " + rootMessage(cause)), cause);
        }
        return this;
    }

    /** Waits until connected; false when {@code timeout} passed first or the session closed. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (state) {
            while (!connected && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(state, left);
            }
            return connected;
        }
    }

    /** Connected now (CONNACK received, no loss seen since). */
    public boolean isConnected() {
        return connected;
    }

    /** Connected, and the broker granted every subscription on this connection (for health checks). */
    public boolean isSubscribed() {
        long current = epoch;
        if (!connected) {
            return false;
        }
        for (Subscription s : subscriptions) {
            if (s.grantedIn != current) {
                return false;
            }
        }
        return true;
    }

    /** Subscribes at QoS 1, retained messages on every subscribe. See {@link #subscribe(String, Retained, Handler)}. */
    public CompletableFuture<Void> subscribe(String filter, Handler handler) {
        return subscribe(filter, Retained.ON_EVERY_SUBSCRIBE, handler);
    }

    /**
     * Subscribes at QoS 1 now if connected, and again at every connection. The future completes on the
     * broker's first grant, or fails if the broker refuses the filter.
     *
     * @throws IllegalArgumentException for an invalid filter
     */
    public CompletableFuture<Void> subscribe(String filter, Retained retained, Handler handler) {
        Subscription s = new Subscription(TopicFilter.parse(filter), retained, handler);
        if (closed) {
            throw new MqttSessionException(settings.clientId() + ": session closed");
        }
        subscriptions.add(s);
        execute(control, () -> {
            if (connected) {
                sendSubscribe(List.of(s));
            }
        });
        return s.active;
    }

    /** Publishes at QoS 1, not retained; completes on the broker's PUBACK. See the class comment. */
    public CompletableFuture<Void> publish(String topic, byte[] payload) {
        return enqueue(topic, payload, false);
    }

    /** Publishes a retained message at QoS 1 (an empty payload clears the topic's retained message). */
    public CompletableFuture<Void> publishRetained(String topic, byte[] payload) {
        return enqueue(topic, payload, true);
    }

    /**
     * {@link #publish} and wait for the PUBACK.
     *
     * @throws MqttSessionException if refused, or not acknowledged within {@code timeout}
     */
    public void publishAndWait(String topic, byte[] payload, Duration timeout) throws InterruptedException {
        CompletableFuture<Void> f = publish(topic, payload);
        try {
            f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new MqttSessionException(settings.clientId() + ": publish to " + topic + " failed: "
                    + rootMessage(e.getCause()), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new MqttSessionException(settings.clientId() + ": publish to " + topic + " not acknowledged within "
                    + timeout + (connected ? "" : " (not connected)"), lastFailure);
        }
    }

    public Counters counters() {
        return new Counters(messagesSent.get(), bytesSent.get(), messagesReceived.get(), bytesReceived.get(),
                connections.get(), losses.get(), failedAttempts.get());
    }

    /** Publishes waiting to be sent (disconnected, or the broker's in-flight window full). */
    public int pendingPublishes() {
        synchronized (pending) {
            return pending.size();
        }
    }

    // ---- connection loop (control thread)

    private void attemptConnect() {
        if (closed || connected || connecting) {
            return;
        }
        connecting = true;
        // a new epoch before the CONNECT: a resumed session's messages may arrive right after the CONNACK,
        // before onConnected runs, and their acknowledgements must count
        epoch++;
        try {
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    boolean present = token.getSessionPresent();
                    execute(control, () -> onConnected(present));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    execute(control, () -> onConnectFailed(e));
                }
            });
        } catch (MqttException | RuntimeException e) {
            onConnectFailed(e);
        }
    }

    private void onConnectFailed(Throwable cause) {
        connecting = false;
        if (closed) {
            return;
        }
        lastFailure = cause;
        failures++;
        failedAttempts.incrementAndGet();
        Duration next = backoff.delayAfter(failures);
        LOG.log(Level.FINE, () -> settings.clientId() + ": connecting to " + settings.serverUri() + " failed ("
                + rootMessage(cause) + "); next attempt in " + next);
        int n = failures;
        execute(delivery, () -> listener.connectFailed(n, next, cause));
        schedule(this::attemptConnect, next);
    }

    private void onConnected(boolean sessionPresent) {
        connecting = false;
        if (closed) {
            return;
        }
        if (!client.isConnected()) {
            // lost before this ran (Paho reports the loss on another thread)
            onConnectFailed(new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST));
            return;
        }
        failures = 0;
        boolean reconnect = connections.getAndIncrement() > 0;
        synchronized (state) {
            connected = true;
            state.notifyAll();
        }
        LOG.fine(() -> settings.clientId() + ": connected to " + settings.serverUri() + (sessionPresent ? " (session present)" : ""));
        execute(delivery, () -> listener.connected(reconnect, sessionPresent));
        if (!subscriptions.isEmpty()) {
            sendSubscribe(subscriptions);
        }
        drain();
    }

    private void onLost(Throwable cause) {
        if (closed || !connected) {
            return;
        }
        synchronized (state) {
            epoch++;
            connected = false;
        }
        losses.incrementAndGet();
        lastFailure = cause;
        failures = 1;
        LOG.fine(() -> settings.clientId() + ": connection to " + settings.serverUri() + " lost (" + rootMessage(cause) + ")");
        execute(delivery, () -> listener.connectionLost(cause));
        schedule(this::attemptConnect, backoff.delayAfter(failures));
    }

    private void sendSubscribe(List<Subscription> subs) {
        MqttSubscription[] packet = new MqttSubscription[subs.size()];
        for (int i = 0; i < packet.length; i++) {
            Subscription s = subs.get(i);
            packet[i] = new MqttSubscription(s.filter.toString(), QOS);
            packet[i].setRetainHandling(s.retained == Retained.ONCE && s.acknowledged ? 1 : 0);
        }
        List<Subscription> sent = List.copyOf(subs);
        long sentIn = epoch;
        try {
            // always the array form: Paho 1.2.5's single-subscription subscribe(...) recurses forever
            client.subscribe(packet, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    for (int i = 0; i < sent.size(); i++) {
                        int code = codes != null && i < codes.length ? codes[i] : 0;
                        Subscription s = sent.get(i);
                        if (code >= 0x80) {
                            LOG.warning(settings.clientId() + ": the broker refused the subscription to " + s.filter
                                    + " (reason code 0x" + Integer.toHexString(code) + ")");
                            s.active.completeExceptionally(new MqttSessionException("subscription to " + s.filter
                                    + " refused by the broker (reason code 0x" + Integer.toHexString(code) + ")"));
                        } else {
                            s.acknowledged = true;
                            s.grantedIn = sentIn;
                            s.active.complete(null);
                        }
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    // a lost connection subscribes again on the next one
                    LOG.fine(() -> settings.clientId() + ": subscribe failed: " + rootMessage(e));
                }
            }, (MqttProperties) null);
        } catch (MqttException | RuntimeException e) {
            LOG.fine(() -> settings.clientId() + ": subscribe not sent: " + rootMessage(e));
        }
    }

    // ---- publishing

    private CompletableFuture<Void> enqueue(String topic, byte[] payload, boolean retain) {
        TopicName.parse(topic);
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (pending) {
            if (closed) {
                throw new MqttSessionException(settings.clientId() + ": session closed");
            }
            if (pending.size() >= settings.maxPendingPublishes()) {
                done.completeExceptionally(new MqttSessionException(settings.clientId() + ": "
                        + settings.maxPendingPublishes() + " publishes already waiting" + (connected ? "" : " (not connected)")));
                return done;
            }
            pending.add(new Pending(publishOrder.getAndIncrement(), topic, payload, retain, done));
        }
        drain();
        return done;
    }

    /** Hands waiting publishes to Paho while connected and Paho takes them. Any thread. */
    private void drain() {
        synchronized (pending) {
            while (connected && !closed && !pending.isEmpty()) {
                Pending p = pending.peek();
                try {
                    client.publish(p.topic, new MqttMessage(p.payload, QOS, p.retain, null), null, new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            messagesSent.incrementAndGet();
                            bytesSent.addAndGet(p.payload.length + utf8Length(p.topic));
                            p.done.complete(null);
                            execute(control, MqttSession.this::drain);
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable e) {
                            publishFailed(p, e);
                        }
                    });
                    pending.poll();
                } catch (MqttException e) {
                    if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                        schedule(this::drain, Duration.ofMillis(INFLIGHT_RETRY_MS));
                        return;
                    }
                    if (isConnectionProblem(e)) {
                        return; // the next connection drains
                    }
                    pending.poll();
                    p.done.completeExceptionally(new MqttSessionException("publish to " + p.topic + " refused: "
                            + rootMessage(e), e));
                } catch (RuntimeException e) {
                    pending.poll();
                    p.done.completeExceptionally(e);
                }
            }
        }
    }

    /** On Paho's callback thread: the requeue runs on the control thread, so no session lock is taken here. */
    private void publishFailed(Pending p, Throwable e) {
        if (!closed && (isConnectionProblem(e) || !client.isConnected()) && execute(control, () -> requeue(p))) {
            return;
        }
        p.done.completeExceptionally(closed ? new MqttSessionException(settings.clientId() + ": session closed", e)
                : new MqttSessionException("publish to " + p.topic + " failed: " + rootMessage(e), e));
    }

    private void requeue(Pending p) {
        synchronized (pending) {
            if (closed) {
                p.done.completeExceptionally(new MqttSessionException(settings.clientId() + ": session closed"));
                return;
            }
            pending.add(p); // keeps its place in the order
        }
        drain();
    }

    private static boolean isConnectionProblem(Throwable e) {
        if (!(e instanceof MqttException m)) {
            return false;
        }
        int c = m.getReasonCode();
        return c == MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED || c == MqttClientException.REASON_CODE_CONNECTION_LOST
                || c == MqttClientException.REASON_CODE_CLIENT_DISCONNECTING
                || c == MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS
                || c == MqttClientException.REASON_CODE_CLIENT_TIMEOUT;
    }

    // ---- receiving (Paho's callback thread hands over to the delivery thread)

    private void dispatch(String topic, MqttMessage message, long arrivedIn) {
        int id = message.getId();
        int qos = message.getQos();
        Runnable ack = () -> acknowledge(id, qos, arrivedIn);
        TopicName name;
        try {
            name = TopicName.parse(topic);
        } catch (IllegalArgumentException e) {
            ack.run(); // nothing can ever accept it
            return;
        }
        Delivery d = new Delivery(name, message.getPayload(), message.isRetained(), message.isDuplicate(), ack);
        for (Subscription s : subscriptions) {
            if (!s.filter.matches(name)) {
                continue;
            }
            try {
                s.handler.accept(d);
            } catch (Exception | Error e) {
                d.refuse();
                LOG.log(Level.WARNING, settings.clientId() + ": the handler of " + s.filter + " refused a message on "
                        + topic + "; it stays unacknowledged until the next connection", e);
            }
        }
        d.release();
    }

    private void acknowledge(int id, int qos, long arrivedIn) {
        if (qos == 0 || closed) {
            return;
        }
        if (arrivedIn != epoch) {
            LOG.fine(() -> settings.clientId() + ": acknowledgement of message " + id + " from an earlier connection dropped");
            return;
        }
        try {
            client.messageArrivedComplete(id, qos);
        } catch (MqttException | RuntimeException e) {
            // disconnected meanwhile: the broker delivers it again
            LOG.fine(() -> settings.clientId() + ": acknowledgement of message " + id + " failed: " + e.getMessage());
        }
    }

    private final class PahoCallback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // never throws: an exception here makes Paho drop the connection
            messagesReceived.incrementAndGet();
            bytesReceived.addAndGet(message.getPayload().length + utf8Length(topic));
            long arrivedIn = epoch;
            execute(delivery, () -> dispatch(topic, message, arrivedIn));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            Throwable cause = response == null ? null : response.getException() != null ? response.getException()
                    : new MqttSessionException("the broker disconnected: " + response.getReasonString()
                    + " (reason code " + response.getReturnCode() + ")");
            execute(control, () -> onLost(cause));
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            LOG.fine(() -> settings.clientId() + ": MQTT error: " + e.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // per-publish listeners
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // the connect listener (attemptConnect)
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }

    // ---- helpers

    private void schedule(Runnable r, Duration delay) {
        try {
            control.schedule(r, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** False when the executor is shut down (closing). */
    private static boolean execute(ExecutorService exec, Runnable r) {
        try {
            exec.execute(r);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    static String rootMessage(Throwable e) {
        if (e == null) {
            return "?";
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        return t == e ? m : e.getMessage() + ": " + m;
    }

    /**
     * Disconnects and releases the client. Publishes still waiting fail; messages received but not yet
     * handled stay unacknowledged (the broker keeps them for a persistent session).
     */
    @Override
    public void close() {
        synchronized (state) {
            if (closed) {
                return;
            }
            closed = true;
            connected = false;
            state.notifyAll();
        }
        control.shutdownNow();
        delivery.shutdownNow();
        List<Pending> left;
        synchronized (pending) {
            left = new ArrayList<>(pending);
            pending.clear();
        }
        for (Pending p : left) {
            p.done.completeExceptionally(new MqttSessionException(settings.clientId() + ": session closed before publishing to "
                    + p.topic));
        }
        try {
            if (client.isConnected()) {
                client.disconnect(DISCONNECT_QUIESCE_MS).waitForCompletion(DISCONNECT_WAIT_MS);
            }
        } catch (MqttException | RuntimeException e) {
            try {
                client.disconnectForcibly(0, 1_000, false);
            } catch (MqttException | RuntimeException ignored) {
                // closing anyway
            }
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.fine(() -> settings.clientId() + ": close: " + e.getMessage());
        }
        if (Thread.currentThread() != deliveryThread) { // a handler closing its own session
            try {
                delivery.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "MqttSession[" + settings.clientId() + " @ " + settings.serverUri() + (connected ? ", connected" : "") + "]";
    }
}
