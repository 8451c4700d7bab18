package io.smile.protocol.mqtt;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The two threads of one session. The control thread runs the connection loop, (re)subscribes and
 * requeues publishes, so that state is written by one thread; the delivery thread runs handlers and
 * {@link MqttSession.Listener} events in order, never on Paho's threads. After {@link #shutdownNow()}
 * nothing more runs: submissions are dropped and report false.
 */
final class SessionThreads {
    private final ScheduledExecutorService control;
    private final ExecutorService delivery;
    private volatile Thread deliveryThread;

    SessionThreads(String clientId) {
        control = Executors.newSingleThreadScheduledExecutor(daemon("mqtt-" + clientId));
        ThreadFactory deliveryThreads = daemon("mqtt-deliver-" + clientId);
        delivery = Executors.newSingleThreadExecutor(r -> {
            Thread t = deliveryThreads.newThread(r);
            deliveryThread = t;
            return t;
        });
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** False when closing. */
    boolean onControl(Runnable r) {
        return execute(control, r);
    }

    /** False when closing. */
    boolean onDelivery(Runnable r) {
        return execute(delivery, r);
    }

    void schedule(Runnable r, Duration delay) {
        try {
            control.schedule(r, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private static boolean execute(ExecutorService exec, Runnable r) {
        try {
            exec.execute(r);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    void shutdownNow() {
        control.shutdownNow();
        delivery.shutdownNow();
    }

    /** Waits for the running handler to finish, unless called from it (a handler closing its own session). */
    void awaitDeliveryEnd(Duration timeout) {
        if (Thread.currentThread() == deliveryThread) {
            return;
        }
        try {
            delivery.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
