package io.smile.cloud.intake;

/** Sends an answer (a result batch, a segment result); throws if it could not be handed to the MQTT client. */
@FunctionalInterface
public interface Publisher {
    void publish(String topic, byte[] payload) throws Exception;
}
