package io.smile.protocol.mqtt;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One received message as handed to a {@link MqttSession.Handler}. The broker gets the QoS 1
 * acknowledgement when every handler it went to has returned normally, and, for a handler that
 * called {@link #deferAck()}, when that acknowledgement ran. A handler that throws leaves the
 * message unacknowledged: the broker delivers it again after the next reconnection (with a
 * persistent session), so a message is never acknowledged before it was accepted.
 */
public final class Delivery {
    /** Acknowledges once; later calls do nothing. Safe on any thread. */
    public interface Acknowledgement {
        void ack();
    }

    private final TopicName topic;
    private final byte[] payload;
    private final boolean retained;
    private final boolean duplicate;
    private final Runnable ack;
    /** Holds of the acknowledgement: the dispatch itself plus one per deferral. */
    private final AtomicInteger holds = new AtomicInteger(1);
    private volatile boolean refused;

    Delivery(TopicName topic, byte[] payload, boolean retained, boolean duplicate, Runnable ack) {
        this.topic = topic;
        this.payload = payload;
        this.retained = retained;
        this.duplicate = duplicate;
        this.ack = ack;
    }

    public TopicName topic() {
        return topic;
    }

    /** The payload (the session's own array: do not modify it). */
    public byte[] payload() {
        return payload;
    }

    /** A retained message the broker sent on subscription. */
    public boolean retained() {
        return retained;
    }

    /**
     * The broker flagged it as sent before. Not reliable for deduplication: HiveMQ CE does not set the flag
     * when it resends at session resumption; receivers deduplicate by content (e.g. a sequence number).
     */
    public boolean duplicate() {
        return duplicate;
    }

    /**
     * Takes over the acknowledgement: the message is acknowledged only once the returned
     * acknowledgement runs (e.g. when a worker has stored the result), not when the handler returns.
     */
    public Acknowledgement deferAck() {
        holds.incrementAndGet();
        return new Acknowledgement() {
            private boolean done;

            @Override
            public synchronized void ack() {
                if (!done) {
                    done = true;
                    release();
                }
            }
        };
    }

    void refuse() {
        refused = true;
    }

    /** Drops one hold; the last one acknowledges, unless a handler refused the message. */
    void release() {
        if (holds.decrementAndGet() == 0 && !refused) {
            ack.run();
        }
    }
}
