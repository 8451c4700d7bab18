package io.smile.federation.transport;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** MQTT v5 over Eclipse Paho: QoS 1 both ways, clean start, automatic reconnect. */
public final class MqttTransport implements Transport, MqttCallback {
    private static final Logger LOG = Logger.getLogger(MqttTransport.class.getName());
    private static final int QOS = 1;

    private record Sub(String filter, BiConsumer<String, byte[]> handler) {
    }

    private final MqttClient client;
    private final String clientId;
    private final List<Sub> subs = new CopyOnWriteArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();

    public MqttTransport(String url, String clientId) {
        this(url, clientId, Optional.empty());
    }

    /** Connects now; over TLS with {@code socketFactory} for an ssl:// URL (else the JVM's default trust). */
    public MqttTransport(String url, String clientId, Optional<SSLSocketFactory> socketFactory) {
        this.clientId = clientId;
        try {
            client = new MqttClient(url, clientId, new MemoryPersistence());
            client.setCallback(this);
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setAutomaticReconnect(true);
            o.setConnectionTimeout(10);
            o.setKeepAliveInterval(30);
            socketFactory.ifPresent(o::setSocketFactory);
            client.setTimeToWait(60_000);
            client.connect(o);
        } catch (MqttException e) {
            throw new IllegalStateException("MQTT connect to " + url + " as " + clientId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void publish(String topic, byte[] payload) {
        try {
            MqttMessage m = new MqttMessage(payload);
            m.setQos(QOS);
            client.publish(topic, m);
            sent.addAndGet(payload.length + topic.getBytes(StandardCharsets.UTF_8).length);
        } catch (MqttException e) {
            throw new IllegalStateException(clientId + ": publish to " + topic + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void subscribe(String filter, BiConsumer<String, byte[]> handler) {
        subs.add(new Sub(filter, handler));
        try {
            client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, QOS)}).waitForCompletion();
        } catch (MqttException e) {
            throw new IllegalStateException(clientId + ": subscribe to " + filter + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long bytesSent() {
        return sent.get();
    }

    @Override
    public long bytesReceived() {
        return received.get();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        byte[] p = message.getPayload();
        received.addAndGet(p.length + topic.getBytes(StandardCharsets.UTF_8).length);
        for (Sub s : subs) {
            if (matches(s.filter, topic)) {
                try {
                    s.handler.accept(topic, p);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, clientId + ": handler failed on " + topic, e);
                }
            }
        }
    }

    /** MQTT topic filter matching ({@code +} one level, {@code #} the rest). */
    public static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }

    @Override
    public void disconnected(MqttDisconnectResponse r) {
        LOG.warning(clientId + ": disconnected: " + r);
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
        LOG.warning(clientId + ": MQTT error: " + e.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        if (reconnect) {
            for (Sub s : subs) {
                try {
                    client.subscribe(new MqttSubscription[] {new MqttSubscription(s.filter, QOS)});
                } catch (MqttException e) {
                    LOG.warning(clientId + ": resubscribe to " + s.filter + " failed: " + e.getMessage());
                }
            }
        }
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        } catch (MqttException e) {
            LOG.fine(clientId + ": close: " + e.getMessage());
        }
    }
}
