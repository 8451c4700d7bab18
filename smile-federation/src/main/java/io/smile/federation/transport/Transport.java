package io.smile.federation.transport;

import java.util.function.BiConsumer;

/**
 * Publish/subscribe with byte counters. The sender of a message is identified by its topic
 * (authenticated channels: in production the broker's ACLs bind a client's identity to the
 * topics it may publish on). Handlers are called on the transport's threads and must not block.
 */
public interface Transport extends AutoCloseable {
    /** Publishes at least once (QoS 1); blocks until the broker has accepted it. */
    void publish(String topic, byte[] payload);

    /** Subscribes (MQTT filter syntax, {@code +} and {@code #}); returns once the subscription is active. */
    void subscribe(String filter, BiConsumer<String, byte[]> handler);

    /** Payload and topic bytes published so far. */
    long bytesSent();

    /** Payload and topic bytes received so far. */
    long bytesReceived();

    @Override
    void close();
}
