package io.smile.he.bench;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.he.bgv.BgvParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HarnessTest {
    static final List<String> OPERATIONS = List.of(Harness.SETUP, Harness.KEYGEN, Harness.RELIN_KEYGEN,
            Harness.GALOIS_KEYGEN, Harness.ENCODE, Harness.ENCRYPT_PK, Harness.ENCRYPT_SK, Harness.DECRYPT, Harness.ADD,
            Harness.MUL_PLAIN, Harness.MUL_PREPARED, Harness.MULTIPLY, Harness.SQUARE, Harness.MOD_SWITCH, Harness.ROTATE,
            Harness.SWAP, Harness.SUM_SLOTS, Harness.NOISE_BUDGET);

    static BgvParameters tiny() {
        return BgvParameters.builder().degree(1024).plainModulus(65537).ciphertextPrimeBits(40, 30, 30)
                .specialPrimeBits(41).allowInsecureForTestsOnly().build();
    }

    @Test
    void everyOperationIsTimedForEveryThreadCount() {
        Harness h = new Harness(3, 1, 7);
        List<String> progress = new ArrayList<>();
        Map<Integer, Map<String, Stats>> r = h.run(tiny(), List.of(1, 2), progress::add);
        assertEquals(List.of(1, 2), new ArrayList<>(r.keySet()));
        for (Map<String, Stats> m : r.values()) {
            assertEquals(OPERATIONS, new ArrayList<>(m.keySet()));
            for (Stats s : m.values()) {
                assertEquals(3, s.count());
                assertTrue(s.percentileNanos(10) > 0);
            }
        }
        assertTrue(progress.containsAll(OPERATIONS));
    }

    @Test
    void interleavedMeasurementTimesEachCaseOnItsOwnFreshInput() {
        Harness h = new Harness(4, 2, 1);
        List<Object> inputs = new ArrayList<>();
        long[] calls = new long[2];
        List<Harness.Case> cases = List.of(
                new Harness.Case(() -> { Object o = new Object(); inputs.add(o); return o; }, in -> ++calls[0]),
                new Harness.Case(() -> "x", in -> ++calls[1]));
        List<Stats> s = h.measure(cases, 2, 4);
        assertEquals(2, s.size());
        assertEquals(4, s.get(0).count());
        assertEquals(6, calls[0]);
        assertEquals(6, calls[1]);
        assertEquals(6, inputs.stream().distinct().count());
    }

    @Test
    void rebuiltParametersAreTheSame() {
        BgvParameters p = tiny();
        assertEquals(p, Harness.rebuildBuilder(p).build());
    }
}
