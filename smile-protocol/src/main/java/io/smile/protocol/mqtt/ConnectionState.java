package io.smile.protocol.mqtt;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Whether the session is started, connected or closed, and the connection epoch. Written by the
 * {@link ConnectionLoop} on the control thread ({@code closed} also by {@code close()}), under this
 * object's lock where a waiter must see the change; read anywhere (volatile).
 */
final class ConnectionState {
    private final String clientId;
    private final Object lock = new Object();
    private volatile boolean started;
    private volatile boolean closed;
    private volatile boolean connected;
    /** One more on every connection attempt and every loss: acknowledgements of older connections are dropped. */
    private volatile long epoch;

    ConnectionState(String clientId) {
        this.clientId = clientId;
    }

    boolean isClosed() {
        return closed;
    }

    boolean isConnected() {
        return connected;
    }

    long epoch() {
        return epoch;
    }

    /** @throws MqttSessionException once closed */
    void requireOpen() {
        if (closed) {
            throw closedException();
        }
    }

    MqttSessionException closedException() {
        return new MqttSessionException(clientId + ": session closed");
    }

    /** True the first time; throws once closed. */
    boolean markStarted() {
        synchronized (lock) {
            requireOpen();
            if (started) {
                return false;
            }
            started = true;
            return true;
        }
    }

    /** True the first time. */
    boolean markClosed() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = true;
            connected = false;
            lock.notifyAll();
            return true;
        }
    }

    /** Control thread, before a CONNECT. */
    void newAttempt() {
        epoch++; // only the control thread writes the epoch
    }

    /** Control thread, on the CONNACK. */
    void markConnected() {
        synchronized (lock) {
            connected = true;
            lock.notifyAll();
        }
    }

    /** Control thread, on a loss. */
    void markLost() {
        synchronized (lock) {
            epoch++;
            connected = false;
        }
    }

    /** False when {@code timeout} passed first or the session closed. */
    boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!connected && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return connected;
        }
    }
}
