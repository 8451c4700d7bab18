package io.smile.protocol.mqtt;

/** An MQTT session could not do what was asked: not connected in time, closed, refused by the broker. */
public final class MqttSessionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MqttSessionException(String message) {
        super(message);
    }

    public MqttSessionException(String message, Throwable cause) {
        super(message, cause);
    }
}
