package io.smile.protocol.mqtt;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Received messages: counted and stamped with the connection epoch on Paho's callback thread, handed
 * to the delivery thread, which runs the matching handlers in arrival order; manual acknowledgements
 * (any thread, via {@link Delivery}) go to Paho only for the connection the message arrived on.
 * Holds no state of its own beyond what it is given.
 */
final class Deliveries {
    private static final Logger LOG = Logger.getLogger(MqttSession.class.getName());

    private final String clientId;
    private final PahoClients clients;
    private final ConnectionState state;
    private final SessionThreads threads;
    private final Subscriptions subscriptions;
    private final SessionCounters counters;

    Deliveries(String clientId, PahoClients clients, ConnectionState state, SessionThreads threads,
               Subscriptions subscriptions, SessionCounters counters) {
        this.clientId = clientId;
        this.clients = clients;
        this.state = state;
        this.threads = threads;
        this.subscriptions = subscriptions;
        this.counters = counters;
    }

    /** Paho's callback thread; never throws (an exception there makes Paho drop the connection). */
    void arrived(String topic, MqttMessage message) {
        counters.received(topic, message.getPayload());
        long arrivedIn = state.epoch();
        threads.onDelivery(() -> dispatch(topic, message, arrivedIn));
    }

    /** Delivery thread. */
    private void dispatch(String topic, MqttMessage message, long arrivedIn) {
        int id = message.getId();
        int qos = message.getQos();
        Runnable ack = () -> acknowledge(id, qos, arrivedIn);
        TopicName name;
        try {
            name = TopicName.parse(topic);
        } catch (IllegalArgumentException e) {
            ack.run(); // nothing can ever accept it
            return;
        }
        Delivery d = new Delivery(name, message.getPayload(), message.isRetained(), message.isDuplicate(), ack);
        for (Subscriptions.Entry s : subscriptions.all()) {
            if (!s.filter.matches(name)) {
                continue;
            }
            try {
                s.handler.accept(d);
            } catch (Exception | Error e) {
                d.refuse();
                LOG.log(Level.WARNING, clientId + ": the handler of " + s.filter + " refused a message on "
                        + topic + "; it stays unacknowledged until the next connection", e);
            }
        }
        d.release();
    }

    /** Any thread (a deferred acknowledgement runs where the handler's worker runs it). */
    private void acknowledge(int id, int qos, long arrivedIn) {
        if (qos == 0 || state.isClosed()) {
            return;
        }
        if (arrivedIn != state.epoch()) {
            LOG.fine(() -> clientId + ": acknowledgement of message " + id + " from an earlier connection dropped");
            return;
        }
        try {
            clients.get().messageArrivedComplete(id, qos);
        } catch (MqttException | RuntimeException e) {
            // disconnected meanwhile: the broker delivers it again
            LOG.fine(() -> clientId + ": acknowledgement of message " + id + " failed: " + e.getMessage());
        }
    }
}
