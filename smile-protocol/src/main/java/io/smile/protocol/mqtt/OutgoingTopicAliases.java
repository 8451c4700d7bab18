package io.smile.protocol.mqtt;

import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.internal.MqttConnectionState;

/**
 * Keeps Paho from using topic aliases on the messages it sends. Paho 1.2.5 turns them on by itself
 * whenever the broker's CONNACK allows them (Mosquitto allows 10 by default), replaces the topic name
 * of every later publish to the same topic by the alias, and keeps the message in that form: when the
 * connection drops before the PUBACK, it sends the message again on the next connection with the alias
 * only, which that connection never defined. The broker disconnects with "protocol error" and the
 * client, reconnecting, sends it again: a loop that never ends (issue 17; Paho issue 1104). Paho has
 * no setting for it (its {@code MqttConnectionOptions.setTopicAliasMaximum} is about incoming
 * aliases), so the session sets the connection's outgoing maximum back to 0 as soon as the CONNACK
 * was processed, before it publishes anything on that connection. Aliases only save a topic name's
 * bytes per message, nothing the product needs.
 *
 * <p>That is a private field of Paho's client: if a later Paho renames it, {@link #disable} reports
 * false and logs once, and the session's rebuild after repeated short connections remains the
 * safety net.
 */
final class OutgoingTopicAliases {
    private static final Logger LOG = Logger.getLogger(MqttSession.class.getName());
    private static final Field CONNECTION_STATE = find();
    /** Tests only: leave Paho's aliases on, to show that the rebuild alone also ends the loop. */
    static volatile boolean keepForTests;

    private OutgoingTopicAliases() {
    }

    private static Field find() {
        try {
            Field f = MqttAsyncClient.class.getDeclaredField("mqttConnection");
            if (!MqttConnectionState.class.isAssignableFrom(f.getType())) {
                throw new NoSuchFieldException("mqttConnection is a " + f.getType());
            }
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot turn off Paho's outgoing topic aliases (" + e + "): a broker restart while a "
                    + "publish is in flight may need a rebuilt client to recover");
            return null;
        }
    }

    /** Sets the client's outgoing Topic Alias Maximum to 0 (no aliases); false if this Paho does not allow it. */
    static boolean disable(MqttAsyncClient client) {
        if (CONNECTION_STATE == null || keepForTests) {
            return false;
        }
        try {
            MqttConnectionState s = (MqttConnectionState) CONNECTION_STATE.get(client);
            s.setOutgoingTopicAliasMaximum(0);
            return true;
        } catch (IllegalAccessException | RuntimeException e) {
            return false;
        }
    }

    /** The outgoing Topic Alias Maximum Paho uses now (tests); -1 if not readable. */
    static int current(MqttAsyncClient client) {
        try {
            Integer max = ((MqttConnectionState) CONNECTION_STATE.get(client)).getOutgoingTopicAliasMaximum();
            return max == null ? 0 : max;
        } catch (IllegalAccessException | RuntimeException e) {
            return -1;
        }
    }
}
