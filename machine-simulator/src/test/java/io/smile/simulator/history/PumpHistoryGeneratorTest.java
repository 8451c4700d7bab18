package io.smile.simulator.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PumpHistoryGeneratorTest {
    private static String generate(long seed, int units) throws Exception {
        StringWriter w = new StringWriter();
        new PumpHistoryGenerator(seed).write(w, units);
        return w.toString();
    }

    @Test
    void theSameSeedGivesTheSameHistoryAndAnotherSeedAnother() throws Exception {
        assertEquals(generate(5, 3), generate(5, 3));
        assertNotEquals(generate(5, 3), generate(6, 3));
    }

    @Test
    void everyUnitRunsToFailureItsHealthFallingToZeroAndItsVibrationRising() throws Exception {
        String[] lines = generate(1, 4).split("\n");
        assertEquals(PumpHistoryGenerator.HEADER, lines[0]);
        List<String[]> unit1 = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",");
            assertEquals(10, f.length, lines[i]);
            if (f[0].equals("P001")) {
                unit1.add(f);
            }
        }
        assertTrue(unit1.size() >= 200 && unit1.size() <= 400, "life " + unit1.size());
        String[] first = unit1.get(0);
        String[] last = unit1.get(unit1.size() - 1);
        assertEquals("1", first[1]);
        assertEquals(0.0, Double.parseDouble(last[9]), 1e-4, "health index 0 at the end of life");
        assertTrue(Double.parseDouble(first[9]) > 0.85, "healthy at the start: " + first[9]);
        assertTrue(Double.parseDouble(last[2]) > Double.parseDouble(first[2]) + 4, "vibration rises");
        assertTrue(Double.parseDouble(last[6]) < Double.parseDouble(first[6]), "flow falls");
        assertTrue(lines[lines.length - 1].startsWith("P004,"));
    }
}
