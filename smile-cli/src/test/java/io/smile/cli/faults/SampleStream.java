package io.smile.cli.faults;

import io.smile.simulator.MachineSimulator;
import io.smile.simulator.PublishedRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Steps a machine simulator at a fixed rate on a thread of its own and remembers every sample it
 * produced: machine, Sequence and the wall time of its publication (which tells, for a window the edge
 * never scored, whether the edge was down when its sample existed). A full period between two samples
 * even after a stall (no catching up): in a first run, catch-up bursts at 20 ms gaps on a loaded
 * machine let the simulator's own OPC UA server (in this JVM, starved too) skip samples before any
 * client could read them — a fault of the simulated machine, which the edge counted as Sequence gaps.
 */
final class SampleStream implements AutoCloseable {
    private final MachineSimulator sim;
    private final long periodNanos;
    private final Map<String, Long> producedAt = new ConcurrentHashMap<>();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    SampleStream(MachineSimulator sim, double ratePerMachineHz) {
        this.sim = sim;
        this.periodNanos = (long) (1e9 / ratePerMachineHz);
        sim.addListener(this::remember);
        thread = new Thread(this::loop, "fault-suite-stream");
        thread.setDaemon(true);
    }

    static String key(String machine, long sequence) {
        return machine + "#" + sequence;
    }

    SampleStream start() {
        thread.start();
        return this;
    }

    void pause() {
        paused.set(true);
    }

    void resume() {
        paused.set(false);
    }

    /** Every sample produced so far, with the wall time (ms) of its publication. */
    Map<String, Long> produced() {
        return Map.copyOf(producedAt);
    }

    long count() {
        return producedAt.size();
    }

    private void remember(PublishedRecord r) {
        producedAt.put(key(r.machineId(), r.sequence()), System.currentTimeMillis());
    }

    private void loop() {
        while (running.get()) {
            if (!paused.get()) {
                sim.publishNext();
            }
            try {
                Thread.sleep(periodNanos / 1_000_000, (int) (periodNanos % 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops producing (and waits for the stepping thread). */
    @Override
    public void close() {
        running.set(false);
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
