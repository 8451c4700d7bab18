package io.smile.he.helib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeFormatException;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HeSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Both backends on the same preset, the same inputs and the same circuits decrypt to the same
 * slot values; and bytes of one backend are refused by the other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossBackendAgreementTest {
    private final List<HeSession> sessions = new ArrayList<>();
    private final List<HeKeyOwner> owners = new ArrayList<>();
    private final List<HeEvaluator> evaluators = new ArrayList<>();
    private int n;

    @BeforeAll
    void open() {
        for (String name : new String[] {"bgv-java", "helib"}) {
            HeSession s = HeBackend.byName(name).open(HeParameterSpec.preset("N8192_DEPTH3").withThreads(1));
            HeKeyOwner k = s.generateKeys();
            sessions.add(s);
            owners.add(k);
            evaluators.add(s.evaluator(k.exportPublicKey(), k.exportEvaluationKeys()));
        }
        n = sessions.get(0).slotCount();
        assertEquals(n, sessions.get(1).slotCount());
        assertEquals(sessions.get(0).rowSize(), sessions.get(1).rowSize());
    }

    @AfterAll
    void close() {
        owners.forEach(HeKeyOwner::close);
        sessions.forEach(HeSession::close);
    }

    /** The circuit on each backend, decrypted. */
    private List<long[]> run(long[] input, BiFunction<HeEvaluator, HeCiphertext, HeCiphertext> circuit) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            out.add(owners.get(i).decrypt(circuit.apply(evaluators.get(i), owners.get(i).encrypt(input))));
        }
        return out;
    }

    private long[] ramp() {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    @Test
    void theSameEncodedVectorRotatesTheSameWayOnBoth() {
        for (int step : new int[] {1, 3, -2}) {
            List<long[]> r = run(ramp(), (ev, c) -> ev.rotate(c, step));
            assertArrayEquals(r.get(0), r.get(1), "rotate " + step);
            // and it is the API's left rotation within each row: slot 0 receives slot step
            assertEquals(Math.floorMod(step, n / 2), r.get(1)[0]);
            assertEquals(n / 2 + Math.floorMod(step, n / 2), r.get(1)[n / 2]);
        }
    }

    @Test
    void aScoringCircuitAgrees() {
        // the shape of the PdM scorer's plaintext-level circuit: weights times features, summed per
        // block of 8 features, a bias, then a square (a degree-2 activation)
        Random r = new Random(7);
        long[] features = new long[n];
        long[] weights = new long[n];
        for (int i = 0; i < n; i++) {
            features[i] = r.nextInt(201) - 100;
            weights[i] = r.nextInt(21) - 10;
        }
        List<long[]> out = run(features, (ev, c) -> {
            HeCiphertext x = ev.multiplyPlain(c, weights);
            x = ev.sumBlocks(x, 3);
            x = ev.addScalar(x, 17);
            x = ev.multiply(x, x);
            return ev.modSwitchToLowest(x);
        });
        assertArrayEquals(out.get(0), out.get(1));
        long t = sessions.get(0).plainModulus();
        long s = 17;
        for (int k = 0; k < 8; k++) {
            s += features[k] * weights[k];
        }
        long expect = Math.floorMod(s * s, t);
        assertEquals(expect > t / 2 ? expect - t : expect, out.get(1)[0]);
    }

    @Test
    void sumsAndPolynomialsAgree() {
        Random r = new Random(11);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(65537) - 32768;
        }
        List<long[]> sums = run(v, HeEvaluator::sumSlots);
        assertArrayEquals(sums.get(0), sums.get(1));
        List<long[]> poly = run(v, (ev, c) -> ev.evaluatePolynomial(c, new long[] {1, 2, 3}));
        assertArrayEquals(poly.get(0), poly.get(1));
    }

    @Test
    void bytesOfOneBackendAreRefusedByTheOther() {
        HeSession java = sessions.get(0);
        HeSession helib = sessions.get(1);
        assertNotEquals(java.parameterFingerprint(), helib.parameterFingerprint());
        byte[] javaCt = owners.get(0).encrypt(new long[] {1}).serialize();
        byte[] helibCt = owners.get(1).encrypt(new long[] {1}).serialize();
        assertThrows(HeFormatException.class, () -> helib.readCiphertext(javaCt));
        assertThrows(HeFormatException.class, () -> java.readCiphertext(helibCt));
        assertThrows(HeFormatException.class, () -> helib.importSecretKey(owners.get(0).exportSecretKeyForLocalStorage()));
        assertThrows(HeFormatException.class, () -> java.importSecretKey(owners.get(1).exportSecretKeyForLocalStorage()));
        assertThrows(HeFormatException.class, () -> helib.evaluator(owners.get(0).exportPublicKey(), null));
        assertThrows(HeFormatException.class, () -> java.evaluator(owners.get(1).exportPublicKey(), null));
        assertThrows(HeFormatException.class, () -> HeBackend.byName("helib").open(HeParameterSpec.serialized(java.exportParameters())));
        assertThrows(HeFormatException.class, () -> HeBackend.byName("bgv-java").open(HeParameterSpec.serialized(helib.exportParameters())));
        // handles do not cross either
        HeCiphertext javaHandle = owners.get(0).encrypt(new long[] {1});
        assertThrows(IllegalArgumentException.class, () -> evaluators.get(1).add(javaHandle, javaHandle));
        assertTrue(helib.toString().contains("helib"));
    }
}
