package io.smile.pdm.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smile.broker.EmbeddedBroker;
import io.smile.pdm.model.QuadraticModel;
import io.smile.pdm.training.PdmTraining;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Federated training through the encrypted MQTT runtime gives exactly the model of the plaintext-sum run. */
class PdmOverMqttTest {
    @Test
    void thresholdOneIsRefusedBeforeAnythingRuns() throws Exception {
        List<SiteData> sites = FederatedPdmTraining.sites(PdmTraining.load(null, 300, 13),
                FederatedPdmTraining.SplitMode.RANDOM, 3, 13);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FederatedPdmTraining.encrypted(PdmConfig.defaults(3).withRounds(1), sites, 0, 1, "tcp://127.0.0.1:1",
                        null));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("threshold t must be at least 2"), e.getMessage());
    }

    @Test
    void encryptedRuntimeGivesTheSameModelAndDecisionsAsPlaintextSums() throws Exception {
        PdmTraining.Split split = PdmTraining.split(PdmTraining.load(null, 2500, 13), 13, 0.8);
        List<SiteData> sites = FederatedPdmTraining.sites(split.train(), FederatedPdmTraining.SplitMode.RANDOM, 3, 13);
        PdmConfig cfg = PdmConfig.defaults(3).withRounds(6);
        FederatedPdmTraining.Federated enc;
        try (EmbeddedBroker broker = EmbeddedBroker.startOnFreePort()) {
            enc = FederatedPdmTraining.encrypted(cfg, sites, 0, broker.url(), System.out::println);
        }
        FederatedPdmJob plain = FederatedPdmTraining.plain(cfg, sites, 0).job();
        FederatedPdmJob e = enc.job();
        assertEquals(6 + 2, enc.outcome().rounds().size());
        assertEquals(plain.encoding(), e.encoding());
        assertArrayEquals(plain.theta(), e.theta());
        assertEquals(plain.threshold(), e.threshold());
        SiteData test = SiteData.of("test", split.test());
        QuadraticModel a = plain.model();
        QuadraticModel b = e.model();
        for (double[] r : test.raw()) {
            assertEquals(a.score(plain.encoding().standardize(r)) > 0, b.score(e.encoding().standardize(r)) > 0);
        }
    }
}
