package io.smile.protocol.mqtt;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Test helpers: what a session received, and its connection events. */
final class SessionProbe {
    static final long TIMEOUT_S = 60;

    private SessionProbe() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(Delivery d) {
        return new String(d.payload(), StandardCharsets.UTF_8);
    }

    /** A handler that keeps every delivery. */
    static final class Inbox implements MqttSession.Handler {
        final BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();

        @Override
        public void accept(Delivery d) {
            got.add(d);
        }

        Delivery next() throws InterruptedException {
            Delivery d = got.poll(TIMEOUT_S, TimeUnit.SECONDS);
            assertNotNull(d, "nothing received within " + TIMEOUT_S + " s");
            return d;
        }

        String nextText() throws InterruptedException {
            return text(next());
        }
    }

    /** Connection events as text ("connected reconnect=false session=false", "lost"), failures with their next delay. */
    static final class Events implements MqttSession.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final BlockingQueue<Duration> nextDelays = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();

        @Override
        public void connected(boolean reconnect, boolean sessionPresent) {
            events.add("connected reconnect=" + reconnect + " session=" + sessionPresent);
        }

        @Override
        public void connectionLost(Throwable cause) {
            events.add("lost");
        }

        @Override
        public void connectFailed(int n, Duration nextAttemptIn, Throwable cause) {
            nextDelays.add(nextAttemptIn);
            failures.add(cause);
        }

        String next() throws InterruptedException {
            String e = events.poll(TIMEOUT_S, TimeUnit.SECONDS);
            assertNotNull(e, "no connection event within " + TIMEOUT_S + " s");
            return e;
        }

        Duration nextDelay() throws InterruptedException {
            Duration d = nextDelays.poll(TIMEOUT_S, TimeUnit.SECONDS);
            assertNotNull(d, "no failed connection attempt within " + TIMEOUT_S + " s");
            return d;
        }

        Throwable nextFailure() throws InterruptedException {
            Throwable t = failures.poll(TIMEOUT_S, TimeUnit.SECONDS);
            assertNotNull(t, "no failed connection attempt within " + TIMEOUT_S + " s");
            return t;
        }
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
