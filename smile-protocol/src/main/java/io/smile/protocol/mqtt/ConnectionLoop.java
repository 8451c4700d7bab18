package io.smile.protocol.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The first connection and every reconnection, with {@link ReconnectBackoff} between attempts. Runs
 * on the control thread only: Paho's connect results and loss reports are handed over to it, so
 * {@code failures} needs no lock and {@code connecting} prevents a second attempt in flight. On a
 * connection it turns off Paho's outgoing topic aliases ({@link OutgoingTopicAliases}, on Paho's
 * thread, before anything is published on it), renews the {@link Subscriptions} and drains the
 * {@link PublishQueue}.
 *
 * <p>A connection lost within {@link #SHORT_LIVED} of its CONNACK counts as short-lived; after
 * {@link #REBUILD_AFTER} short-lived connections in a row (the broker keeps dropping the client, e.g.
 * with "protocol error" for something Paho resends) the next attempt first replaces the Paho client by
 * a fresh one ({@link PahoClients#rebuild}), its unacknowledged publishes queued again: whatever state
 * made the broker drop it is gone, and the session cannot stay in a reconnect loop for good. A
 * connection lost before its CONNACK was handled counts as short-lived, so does an attempt that failed
 * after TCP connected (only a refused connection, the broker down, does not), and an attempt that Paho
 * never reports back on (seen after a broker's protocol-error disconnect: the session then made no
 * further attempt) is abandoned after the connect timeout plus {@link #ATTEMPT_GRACE}, and the client
 * rebuilt.
 */
final class ConnectionLoop {
    private static final Logger LOG = Logger.getLogger(MqttSession.class.getName());

    private final MqttSettings settings;
    private final PahoClients clients;
    private final MqttConnectionOptions options;
    private final ConnectionState state;
    private final SessionThreads threads;
    private final ReconnectBackoff backoff;
    private final MqttSession.Listener listener;
    private final SessionCounters counters;
    private final Subscriptions subscriptions;
    private final PublishQueue queue;

    // control thread only (lastFailure also read by the session's callers)
    private volatile boolean connecting;
    private volatile Throwable lastFailure;
    private int failures;
    private long connectedAtNanos;
    private int shortLived;
    private long attempt;

    /** A connection lost sooner than this after its CONNACK is short-lived. */
    static final Duration SHORT_LIVED = Duration.ofSeconds(10);
    /** Short-lived connections in a row before the Paho client is rebuilt. */
    static final int REBUILD_AFTER = 3;
    /** How long past its connect timeout an attempt may stay unanswered by Paho. */
    static final Duration ATTEMPT_GRACE = Duration.ofSeconds(5);

    ConnectionLoop(MqttSettings settings, PahoClients clients, ConnectionState state, SessionThreads threads,
                   MqttSession.Listener listener, SessionCounters counters, Subscriptions subscriptions, PublishQueue queue) {
        this.settings = settings;
        this.clients = clients;
        this.options = options(settings);
        this.state = state;
        this.threads = threads;
        this.backoff = new ReconnectBackoff(settings.reconnectMinDelay(), settings.reconnectMaxDelay());
        this.listener = listener;
        this.counters = counters;
        this.subscriptions = subscriptions;
        this.queue = queue;
    }

    private static MqttConnectionOptions options(MqttSettings s) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(s.cleanStart());
        o.setSessionExpiryInterval(s.sessionExpirySeconds());
        o.setKeepAliveInterval(s.keepAliveSeconds());
        o.setConnectionTimeout(s.connectTimeoutSeconds());
        o.setAutomaticReconnect(false); // this loop instead (see MqttSession's class comment)
        s.username().ifPresent(o::setUserName);
        s.password().ifPresent(p -> o.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        s.tls().ifPresent(o::setSocketFactory);
        return o;
    }

    /** The failure of the last attempt or the cause of the last loss; null before any. */
    Throwable lastFailure() {
        return lastFailure;
    }

    /** Any thread: the first attempt. */
    void start() {
        threads.onControl(this::attemptConnect);
    }

    /** Any thread (Paho reports a loss on its own). */
    void connectionLost(Throwable cause) {
        threads.onControl(() -> onLost(cause));
    }

    private void attemptConnect() {
        if (state.isClosed() || state.isConnected() || connecting) {
            return;
        }
        connecting = true;
        if (shortLived >= REBUILD_AFTER) {
            shortLived = 0;
            queue.requeueInFlight();
            clients.rebuild();
            counters.rebuilt();
        }
        MqttAsyncClient client = clients.get();
        long thisAttempt = ++attempt;
        threads.schedule(() -> abandonIfUnanswered(thisAttempt),
                Duration.ofSeconds(settings.connectTimeoutSeconds()).plus(ATTEMPT_GRACE));
        // a new epoch before the CONNECT: a resumed session's messages may arrive right after the CONNACK,
        // before onConnected runs, and their acknowledgements must count
        state.newAttempt();
        try {
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // here, on Paho's thread, before the session publishes anything on this connection
                    OutgoingTopicAliases.disable(client);
                    boolean present = token.getSessionPresent();
                    threads.onControl(() -> {
                        if (thisAttempt == attempt) { // not an attempt abandoned meanwhile
                            onConnected(present);
                        }
                    });
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    threads.onControl(() -> {
                        if (thisAttempt == attempt) {
                            if (reachedBroker(e)) {
                                shortLived++; // the broker took the connection and dropped it: as short-lived as it gets
                            }
                            onConnectFailed(e);
                        }
                    });
                }
            });
        } catch (MqttException | RuntimeException e) {
            onConnectFailed(e);
        }
    }

    /** Whether a failed attempt got past TCP: anything but a refused connection (the broker down). */
    private static boolean reachedBroker(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.net.ConnectException) {
                return false;
            }
        }
        return true;
    }

    /** Control thread: Paho never answered attempt {@code n}; a fresh client tries again. */
    private void abandonIfUnanswered(long n) {
        if (n != attempt || !connecting || state.isClosed()) {
            return;
        }
        LOG.warning(() -> settings.clientId() + ": connecting to " + settings.serverUri() + " got no answer from the MQTT"
                + " client within its timeout; rebuilding the client");
        shortLived = REBUILD_AFTER;
        onConnectFailed(new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT));
    }

    private void onConnectFailed(Throwable cause) {
        connecting = false;
        if (state.isClosed()) {
            return;
        }
        lastFailure = cause;
        failures++;
        counters.connectFailed();
        Duration next = backoff.delayAfter(failures);
        LOG.log(Level.FINE, () -> settings.clientId() + ": connecting to " + settings.serverUri() + " failed ("
                + MqttSession.rootMessage(cause) + "); next attempt in " + next);
        int n = failures;
        threads.onDelivery(() -> listener.connectFailed(n, next, cause));
        threads.schedule(this::attemptConnect, next);
    }

    private void onConnected(boolean sessionPresent) {
        connecting = false;
        if (state.isClosed()) {
            return;
        }
        if (!clients.get().isConnected()) {
            // lost before this ran (Paho reports the loss on another thread): the shortest-lived connection
            shortLived++;
            onConnectFailed(new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST));
            return;
        }
        failures = 0;
        connectedAtNanos = System.nanoTime();
        boolean reconnect = counters.connected();
        state.markConnected();
        LOG.fine(() -> settings.clientId() + ": connected to " + settings.serverUri() + (sessionPresent ? " (session present)" : ""));
        threads.onDelivery(() -> listener.connected(reconnect, sessionPresent));
        subscriptions.renewAll();
        queue.drain();
    }

    private void onLost(Throwable cause) {
        if (state.isClosed() || !state.isConnected()) {
            return;
        }
        state.markLost();
        counters.lost();
        boolean wasShort = System.nanoTime() - connectedAtNanos < SHORT_LIVED.toNanos();
        shortLived = wasShort ? shortLived + 1 : 0;
        lastFailure = cause;
        failures = 1;
        LOG.fine(() -> settings.clientId() + ": connection to " + settings.serverUri() + " lost ("
                + MqttSession.rootMessage(cause) + ")");
        threads.onDelivery(() -> listener.connectionLost(cause));
        threads.schedule(this::attemptConnect, backoff.delayAfter(failures));
    }
}
