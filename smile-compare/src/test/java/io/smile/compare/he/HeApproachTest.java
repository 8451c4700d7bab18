package io.smile.compare.he;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.compare.Fixtures;
import io.smile.compare.Task;
import io.smile.pdm.model.QuantizedModel;
import org.junit.jupiter.api.Test;

/** The encrypted decisions the comparison times equal the plaintext quantized model's. */
class HeApproachTest {
    @Test
    void encryptedDecisionsEqualThePlaintextQuantizedModel() {
        Task task = Fixtures.task();
        QuantizedModel model = HeApproach.quantize(Fixtures.model(), task);
        HeApproach.Measurement m = HeApproach.measure(model, task.test(), 1);
        assertEquals(0, m.mismatches());
        assertEquals(Math.min(task.test().size(), m.windowsPerCiphertext()), m.scoredWindows());
        assertTrue(m.ciphertextBytes() > 0 && m.resultBytes() > 0 && m.cloudMsPerCiphertext() > 0);
    }
}
