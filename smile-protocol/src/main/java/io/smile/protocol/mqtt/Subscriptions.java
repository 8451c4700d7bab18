package io.smile.protocol.mqtt;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The session's subscriptions: remembered, sent again on every connection, granted per connection
 * epoch. The list is copy-on-write (added on any thread, iterated by the control and delivery
 * threads); SUBSCRIBE packets go out on the control thread only; an entry's grant fields are written
 * on Paho's callback thread and read anywhere (volatile).
 */
final class Subscriptions {
    private static final Logger LOG = Logger.getLogger(MqttSession.class.getName());

    static final class Entry {
        final TopicFilter filter;
        final MqttSession.Retained retained;
        final MqttSession.Handler handler;
        final CompletableFuture<Void> active = new CompletableFuture<>();
        volatile boolean acknowledged;
        /** The epoch of the connection on which the broker last granted it. */
        volatile long grantedIn = -1;

        Entry(TopicFilter filter, MqttSession.Retained retained, MqttSession.Handler handler) {
            this.filter = filter;
            this.retained = retained;
            this.handler = handler;
        }
    }

    private final String clientId;
    private final PahoClients clients;
    private final ConnectionState state;
    private final SessionThreads threads;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    Subscriptions(String clientId, PahoClients clients, ConnectionState state, SessionThreads threads) {
        this.clientId = clientId;
        this.clients = clients;
        this.state = state;
        this.threads = threads;
    }

    /** Any thread: remembers it, and subscribes now if connected. */
    CompletableFuture<Void> add(String filter, MqttSession.Retained retained, MqttSession.Handler handler) {
        Entry s = new Entry(TopicFilter.parse(filter), retained, handler);
        state.requireOpen();
        entries.add(s);
        threads.onControl(() -> {
            if (state.isConnected()) {
                send(List.of(s));
            }
        });
        return s.active;
    }

    /** In the order subscribed (a snapshot: safe to iterate on any thread). */
    List<Entry> all() {
        return entries;
    }

    /** Every subscription granted on the connection of {@code epoch}. */
    boolean allGrantedIn(long epoch) {
        for (Entry s : entries) {
            if (s.grantedIn != epoch) {
                return false;
            }
        }
        return true;
    }

    /** Control thread, on every connection. */
    void renewAll() {
        if (!entries.isEmpty()) {
            send(entries);
        }
    }

    private void send(List<Entry> subs) {
        MqttSubscription[] packet = new MqttSubscription[subs.size()];
        List<Entry> sent = List.copyOf(subs);
        for (int i = 0; i < packet.length; i++) {
            Entry s = sent.get(i);
            packet[i] = new MqttSubscription(s.filter.toString(), MqttSession.QOS);
            packet[i].setRetainHandling(s.retained == MqttSession.Retained.ONCE && s.acknowledged ? 1 : 0);
        }
        long sentIn = state.epoch();
        try {
            // always the array form: Paho 1.2.5's single-subscription subscribe(...) recurses forever
            clients.get().subscribe(packet, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    granted(sent, token.getReasonCodes(), sentIn);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    // a lost connection subscribes again on the next one
                    LOG.fine(() -> clientId + ": subscribe failed: " + MqttSession.rootMessage(e));
                }
            }, (MqttProperties) null);
        } catch (MqttException | RuntimeException e) {
            LOG.fine(() -> clientId + ": subscribe not sent: " + MqttSession.rootMessage(e));
        }
    }

    /** Paho's callback thread. */
    private void granted(List<Entry> sent, int[] codes, long sentIn) {
        for (int i = 0; i < sent.size(); i++) {
            int code = codes != null && i < codes.length ? codes[i] : 0;
            Entry s = sent.get(i);
            if (code >= 0x80) {
                LOG.warning(clientId + ": the broker refused the subscription to " + s.filter
                        + " (reason code 0x" + Integer.toHexString(code) + ")");
                s.active.completeExceptionally(new MqttSessionException("subscription to " + s.filter
                        + " refused by the broker (reason code 0x" + Integer.toHexString(code) + ")"));
            } else {
                s.acknowledged = true;
                s.grantedIn = sentIn;
                s.active.complete(null);
            }
        }
    }
}
