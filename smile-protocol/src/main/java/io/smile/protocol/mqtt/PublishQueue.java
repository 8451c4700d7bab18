package io.smile.protocol.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * QoS 1 publishes waiting for Paho: held in order while disconnected or while the broker's in-flight
 * window is full, sent again if their connection dropped before the PUBACK. The queue is guarded by
 * its own monitor ({@code pending}), the only lock taken around Paho's publish; Paho's callback
 * thread never takes it (a failed publish is requeued on the control thread). Publishes handed to
 * Paho and not yet acknowledged are tracked ({@code inFlight}, a concurrent set), so that when the
 * session replaces its Paho client ({@link PahoClients#rebuild}) they are queued again instead of
 * being lost with the old client; whichever of requeue and Paho's callback takes one out of
 * {@code inFlight} first owns it.
 */
final class PublishQueue {
    private static final long INFLIGHT_RETRY_MS = 20;

    private record Pending(long order, String topic, byte[] payload, boolean retain, CompletableFuture<Void> done) {
    }

    private final MqttSettings settings;
    private final PahoClients clients;
    private final ConnectionState state;
    private final SessionThreads threads;
    private final SessionCounters counters;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>((a, b) -> Long.compare(a.order, b.order));
    private final AtomicLong publishOrder = new AtomicLong();
    private final Set<Pending> inFlight = ConcurrentHashMap.newKeySet();

    PublishQueue(MqttSettings settings, PahoClients clients, ConnectionState state, SessionThreads threads,
                 SessionCounters counters) {
        this.settings = settings;
        this.clients = clients;
        this.state = state;
        this.threads = threads;
        this.counters = counters;
    }

    /** Any thread; the future completes on the PUBACK. */
    CompletableFuture<Void> enqueue(String topic, byte[] payload, boolean retain) {
        TopicName.parse(topic);
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (pending) {
            state.requireOpen(); // close() sets closed before it empties the queue under this lock
            if (pending.size() >= settings.maxPendingPublishes()) {
                done.completeExceptionally(new MqttSessionException(settings.clientId() + ": "
                        + settings.maxPendingPublishes() + " publishes already waiting"
                        + (state.isConnected() ? "" : " (not connected)")));
                return done;
            }
            pending.add(new Pending(publishOrder.getAndIncrement(), topic, payload, retain, done));
        }
        drain();
        return done;
    }

    int size() {
        synchronized (pending) {
            return pending.size();
        }
    }

    /** Hands waiting publishes to Paho while connected and Paho takes them. Any thread. */
    void drain() {
        synchronized (pending) {
            while (state.isConnected() && !state.isClosed() && !pending.isEmpty()) {
                Pending p = pending.peek();
                inFlight.add(p); // before Paho may call back
                try {
                    clients.get().publish(p.topic, new MqttMessage(p.payload, MqttSession.QOS, p.retain, null), null,
                            new MqttActionListener() {
                                @Override
                                public void onSuccess(IMqttToken token) {
                                    inFlight.remove(p);
                                    counters.sent(p.topic, p.payload);
                                    p.done.complete(null);
                                    threads.onControl(PublishQueue.this::drain);
                                }

                                @Override
                                public void onFailure(IMqttToken token, Throwable e) {
                                    if (inFlight.remove(p)) { // else requeued already (client rebuilt)
                                        failed(p, e);
                                    }
                                }
                            });
                    pending.poll();
                } catch (MqttException e) {
                    inFlight.remove(p);
                    if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                        threads.schedule(this::drain, Duration.ofMillis(INFLIGHT_RETRY_MS));
                        return;
                    }
                    if (isConnectionProblem(e)) {
                        return; // the next connection drains
                    }
                    pending.poll();
                    p.done.completeExceptionally(new MqttSessionException("publish to " + p.topic + " refused: "
                            + MqttSession.rootMessage(e), e));
                } catch (RuntimeException e) {
                    inFlight.remove(p);
                    pending.poll();
                    p.done.completeExceptionally(e);
                }
            }
        }
    }

    /** On Paho's callback thread: the requeue runs on the control thread, so no lock is taken here. */
    private void failed(Pending p, Throwable e) {
        boolean closed = state.isClosed();
        if (!closed && (isConnectionProblem(e) || !clients.get().isConnected()) && threads.onControl(() -> requeue(p))) {
            return;
        }
        p.done.completeExceptionally(closed ? new MqttSessionException(settings.clientId() + ": session closed", e)
                : new MqttSessionException("publish to " + p.topic + " failed: " + MqttSession.rootMessage(e), e));
    }

    private void requeue(Pending p) {
        synchronized (pending) {
            if (state.isClosed()) {
                p.done.completeExceptionally(state.closedException());
                return;
            }
            pending.add(p); // keeps its place in the order
        }
        drain();
    }

    /**
     * Control thread, before the Paho client is replaced: the publishes it holds unacknowledged go back
     * into the queue, in their order (at least once: one the broker did get arrives twice).
     */
    void requeueInFlight() {
        synchronized (pending) {
            for (Pending p : List.copyOf(inFlight)) {
                if (inFlight.remove(p) && !p.done.isDone()) {
                    pending.add(p);
                }
            }
        }
    }

    /** Publishes handed to Paho and not yet acknowledged. */
    int inFlight() {
        return inFlight.size();
    }

    /** On close (after the state is closed): fails what is still waiting. */
    void failAll() {
        List<Pending> left;
        synchronized (pending) {
            left = new ArrayList<>(pending);
            pending.clear();
        }
        for (Pending p : left) {
            p.done.completeExceptionally(new MqttSessionException(settings.clientId()
                    + ": session closed before publishing to " + p.topic));
        }
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
}
