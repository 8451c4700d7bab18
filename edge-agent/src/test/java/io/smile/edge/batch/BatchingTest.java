package io.smile.edge.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.edge.metrics.Counters;
import io.smile.edge.window.QuantizedWindow;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeKeyOwner;
import io.smile.pdm.model.SlotLayout;
import io.smile.protocol.FeatureBatch;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batching on time and size only (issue 17, item 2): one batch per batch-interval tick, or earlier
 * when the ciphertext is full, never an extra batch for windows that arrived while a batch was being
 * encrypted. The ticks are driven by the test; encryption is a stand-in that lets windows "arrive"
 * while it runs, as a busy machine's sampling does.
 */
class BatchingTest {
    private static final int BLOCK = 8;

    @TempDir
    Path dir;

    private static QuantizedWindow window(int machine, long seq) {
        return new QuantizedWindow("Mill" + machine, 1_000 + seq, seq, new long[BLOCK]);
    }

    @Test
    void theCutterCutsFullBatchesAtOnceAndTheRestOnlyAtATick() {
        BatchCutter<Integer> cutter = new BatchCutter<>(4);
        for (int i = 0; i < 3; i++) {
            assertEquals(false, cutter.add(i));
        }
        assertEquals(List.of(), cutter.cutFull(), "no full batch yet");
        assertEquals(true, cutter.add(3));
        assertTrue(cutter.add(4), "still full");
        assertEquals(List.of(List.of(0, 1, 2, 3)), cutter.cutFull());
        assertEquals(1, cutter.collected(), "the partial rest waits");
        assertEquals(List.of(List.of(4)), cutter.cutAtTick());
        assertEquals(List.of(), cutter.cutAtTick(), "an empty tick cuts nothing");
    }

    /** A key owner whose encryption calls {@code duringEncryption} (windows arriving meanwhile). */
    private static HeKeyOwner owner(Runnable duringEncryption, AtomicInteger encryptions) {
        HeCiphertext ct = (HeCiphertext) Proxy.newProxyInstance(BatchingTest.class.getClassLoader(),
                new Class<?>[] {HeCiphertext.class}, (p, m, a) -> switch (m.getName()) {
                    case "serialize" -> new byte[] {1, 2, 3, 4};
                    case "level" -> 0;
                    case "parameterFingerprint" -> 0L;
                    case "toString" -> "ciphertext";
                    case "hashCode" -> 1;
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (HeKeyOwner) Proxy.newProxyInstance(BatchingTest.class.getClassLoader(), new Class<?>[] {HeKeyOwner.class},
                (p, m, a) -> {
                    if (m.getName().equals("encrypt")) {
                        encryptions.incrementAndGet();
                        duringEncryption.run();
                        return ct;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private record Run(FeatureBatcher batcher, Outbox outbox, Counters counters) {
    }

    private Run batcher(String name, int capacity, HeKeyOwner owner) throws Exception {
        Counters counters = new Counters();
        PendingBatches pending = new PendingBatches(dir.resolve(name).resolve("pending"));
        BatchOutcomes outcomes = new BatchOutcomes(pending, counters);
        Outbox outbox = new Outbox(dir.resolve(name).resolve("outbox"), 1 << 30, outcomes::dropped);
        SequenceCounter seq = new SequenceCounter(dir.resolve(name).resolve("sequence"), 0);
        FeatureBatcher b = new FeatureBatcher("gw-t", "pdm-quadratic", new SlotLayout(BLOCK, BLOCK * capacity), owner,
                io.smile.protocol.GatewayIdentity.generate(), capacity, seq, pending, outbox, counters, outcomes, () -> { });
        return new Run(b, outbox, counters);
    }

    private static List<Integer> windowsPerBatch(Outbox outbox) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (long s = outbox.first().orElse(0); outbox.next(s).isPresent(); s = outbox.next(s).getAsLong() + 1) {
            sizes.add(FeatureBatch.decode(outbox.read(outbox.next(s).getAsLong())).windows().size());
        }
        return sizes;
    }

    /**
     * The attack: encryption as slow as a sample cycle, so a whole cycle of windows (8 machines)
     * arrives during each encryption. Cutting until nothing is collected turned every cycle into
     * its own small batch (issue 17: one 8-window batch per cycle, twice the cloud's work); cutting
     * at the tick only leaves them for the next tick.
     */
    @Test
    void windowsArrivingDuringEncryptionWaitForTheNextTick() throws Exception {
        AtomicInteger encryptions = new AtomicInteger();
        FeatureBatcher[] self = new FeatureBatcher[1];
        AtomicInteger cycle = new AtomicInteger();
        Consumer<Integer> sampleCycle = c -> {
            for (int m = 0; m < 8; m++) {
                self[0].accept(window(m, c));
            }
        };
        // each encryption lasts one sample cycle, for the first 6 encryptions (then the machine stops)
        Run run = batcher("busy", 2048, owner(() -> {
            if (cycle.get() < 6) {
                sampleCycle.accept(cycle.incrementAndGet());
            }
        }, encryptions));
        self[0] = run.batcher();
        sampleCycle.accept(0);
        for (int tick = 0; tick < 3; tick++) {
            run.batcher().tick();
        }
        // tick 1: cycle 0 (8 windows), cycle 1 arrives meanwhile; tick 2: cycle 1, cycle 2 arrives; tick 3: cycle 2 ...
        assertEquals(List.of(8, 8, 8), windowsPerBatch(run.outbox()), "one batch per tick");
        assertEquals(3, encryptions.get());
        assertEquals(8, run.batcher().collected(), "the windows of the last encryption wait for the next tick");
        run.batcher().close();
    }

    /** Windows of many cycles between two ticks go into one batch; a full ciphertext is cut before the tick. */
    @Test
    void oneBatchPerTickAndAFullCiphertextAtOnce() throws Exception {
        AtomicInteger encryptions = new AtomicInteger();
        Run run = batcher("size", 16, owner(() -> { }, encryptions));
        for (int c = 0; c < 3; c++) { // 3 cycles of 4 machines: 12 windows, below the 16-window capacity
            for (int m = 0; m < 4; m++) {
                run.batcher().accept(window(m, c));
            }
        }
        run.batcher().tick();
        run.batcher().tick(); // nothing collected: no batch
        assertEquals(List.of(12), windowsPerBatch(run.outbox()));
        for (int c = 3; c < 8; c++) { // 20 windows: one full batch is cut without a tick
            for (int m = 0; m < 4; m++) {
                run.batcher().accept(window(m, c));
            }
        }
        run.batcher().flush(); // waits for the batcher thread (the full batch is cut there)
        assertEquals(List.of(12, 16, 4), windowsPerBatch(run.outbox()));
        assertEquals(3, run.counters().batchesCreated.get());
        run.batcher().close();
    }
}
