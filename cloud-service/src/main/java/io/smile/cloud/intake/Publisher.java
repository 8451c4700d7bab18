package io.smile.cloud.intake;

/** Sends an answer (a result batch, a segment result); throws if it could not be handed to the MQTT client. */
@FunctionalInterface
public interface Publisher {
    void publish(String topic, byte[] payload) throws Exception;

    /**
     * Sends a retained message (a gateway's status; an empty payload clears the topic's). A publisher
     * that cannot retain (tests' collectors) sends it as a plain message.
     */
    default void publishRetained(String topic, byte[] payload) throws Exception {
        publish(topic, payload);
    }
}
