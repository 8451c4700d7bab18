package io.smile.cloud;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The part the tests' MQTT peers (a gateway, a unit) share: a Paho v5 client calling back this
 * object, only {@link #messageArrived} left to implement, and a close that disconnects first.
 * Subclasses connect (with their own session options) and subscribe in their constructors.
 */
public abstract class TestMqttClient implements MqttCallback, AutoCloseable {
    public final MqttClient mqtt;

    public TestMqttClient(String url, String clientId) throws MqttException {
        mqtt = new MqttClient(url, clientId, new MemoryPersistence());
        mqtt.setCallback(this);
        mqtt.setTimeToWait(60_000);
    }

    @Override
    public void disconnected(MqttDisconnectResponse r) {
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }

    @Override
    public void close() throws MqttException {
        if (mqtt.isConnected()) {
            mqtt.disconnect();
        }
        mqtt.close(true);
    }
}
