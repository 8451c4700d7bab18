package io.smile.workforce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.broker.EmbeddedBroker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Federated k-means on the encrypted MQTT runtime (BGV, 2-of-3 threshold decryption) equals the plaintext-sum run. */
class EncryptedKMeansTest {
    @Test
    void thresholdOneIsRefusedBeforeAnythingRuns() throws Exception {
        List<List<HrRecord>> units = Units.split(TestData.rows().subList(0, 60), Units.Split.RANDOM, 3, 7);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FederatedKMeansRun.run(units, KMeansJobConfig.exact(3, 3, 1), null, 1, 1, "tcp://127.0.0.1:1", null));
        assertTrue(e.getMessage().contains("threshold t must be at least 2"), e.getMessage());
    }

    @Test
    void encryptedRuntimeReleasesExactlyThePlaintextHarnessCentroidsAndAssignments() throws Exception {
        List<HrRecord> rows = TestData.rows().subList(0, 600);
        List<List<HrRecord>> units = Units.split(rows, Units.Split.RANDOM, 3, 7);
        KMeansJobConfig config = KMeansJobConfig.exact(3, 3, 1).withRestarts(2).withMaxRounds(4);
        FederatedKMeansRun.Outcome plain = FederatedKMeansRun.run(units, config, null, 1, 0, null, null);
        FederatedKMeansRun.Outcome enc;
        try (EmbeddedBroker broker = EmbeddedBroker.startOnFreePort()) {
            enc = FederatedKMeansRun.run(units, config, null, 1, 2, broker.url(), System.out::println);
        }
        assertNull(plain.federation());
        assertNotNull(enc.federation());
        assertTrue(enc.federation().completed(), enc.federation().failure());
        assertEquals(plain.rounds(), enc.rounds());
        assertTrue(enc.rounds() >= 2, "a few Lloyd rounds ran");
        assertArrayEquals(plain.centroids(), enc.centroids());
        assertArrayEquals(plain.federatedLabels(), enc.federatedLabels());
        assertEquals(plain.ari(), enc.ari());
        for (var r : enc.federation().rounds()) {
            assertEquals(List.of(1, 2, 3), r.contributors());
        }
    }
}
