package io.smile.protocol.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** The session's counters; atomics, so any thread counts. Bytes are payload plus topic (UTF-8). */
final class SessionCounters {
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong losses = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong rebuilds = new AtomicLong();

    void sent(String topic, byte[] payload) {
        messagesSent.incrementAndGet();
        bytesSent.addAndGet(payload.length + utf8Length(topic));
    }

    void received(String topic, byte[] payload) {
        messagesReceived.incrementAndGet();
        bytesReceived.addAndGet(payload.length + utf8Length(topic));
    }

    /** True if there was a connection before this one. */
    boolean connected() {
        return connections.getAndIncrement() > 0;
    }

    void lost() {
        losses.incrementAndGet();
    }

    void rebuilt() {
        rebuilds.incrementAndGet();
    }

    void connectFailed() {
        failedAttempts.incrementAndGet();
    }

    MqttSession.Counters snapshot() {
        return new MqttSession.Counters(messagesSent.get(), bytesSent.get(), messagesReceived.get(), bytesReceived.get(),
                connections.get(), losses.get(), failedAttempts.get(), rebuilds.get());
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
