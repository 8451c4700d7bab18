package io.smile.protocol.mqtt;

import java.util.function.Function;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The session's current Paho client, which the {@link ConnectionLoop} may replace by a fresh one (empty
 * in-memory persistence, no state left of the old connections) when connections keep failing right
 * after they were made: whatever Paho holds that makes the broker drop it (a message it resends as it
 * was, say) goes with the old client; the session's own {@link PublishQueue} sends its unacknowledged
 * publishes again. Every part reaches Paho through {@link #get()}; events of a replaced client are
 * ignored ({@link #isCurrent}). Replaced on the control thread only.
 */
final class PahoClients {
    private static final Logger LOG = Logger.getLogger(MqttSession.class.getName());

    private final MqttSettings settings;
    private final Function<MqttAsyncClient, MqttCallback> callbacks;
    private volatile MqttAsyncClient current;

    /** @param callbacks makes the callback of a new client (which can tell, with {@link #isCurrent}, whether it was replaced) */
    PahoClients(MqttSettings settings, Function<MqttAsyncClient, MqttCallback> callbacks) {
        this.settings = settings;
        this.callbacks = callbacks;
        this.current = create();
    }

    private MqttAsyncClient create() {
        MqttAsyncClient c;
        try {
            c = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid MQTT settings " + settings + ": " + e.getMessage(), e);
        }
        c.setManualAcks(true);
        c.setCallback(callbacks.apply(c));
        return c;
    }

    MqttAsyncClient get() {
        return current;
    }

    boolean isCurrent(MqttAsyncClient c) {
        return c == current;
    }

    /** Control thread: a fresh client in place of the current one, which is closed. */
    void rebuild() {
        MqttAsyncClient old = current;
        current = create();
        LOG.info(() -> settings.clientId() + ": Paho client rebuilt after repeated short-lived connections");
        closeQuietly(old);
    }

    static void closeQuietly(MqttAsyncClient c) {
        try {
            c.disconnectForcibly(0, 1_000, false);
        } catch (MqttException | RuntimeException ignored) {
            // not connected
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException ignored) {
            // closing anyway
        }
    }
}
