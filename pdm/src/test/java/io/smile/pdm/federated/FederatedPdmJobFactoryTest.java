package io.smile.pdm.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.federation.FederatedJob;
import io.smile.federation.FederatedJobFactory;
import io.smile.federation.JobParameters;
import io.smile.federation.MemberData;
import io.smile.pdm.training.PdmTraining;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pdm-training factory, found through ServiceLoader, builds the jobs the cloud and pdm-member built by hand. */
class FederatedPdmJobFactoryTest {
    @Test
    void isFoundByNameAndUnknownJobsAreRefusedNamingTheKnownOnes() {
        assertInstanceOf(FederatedPdmJobFactory.class, FederatedJobFactory.byName("pdm-training"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FederatedJobFactory.byName("no-such-job"));
        assertTrue(e.getMessage().startsWith("unknown job 'no-such-job' (known: ") && e.getMessage().contains("pdm-training"),
                e.getMessage());
    }

    @Test
    void parametersGiveTheCloudsDefaultsAndOverrides() {
        assertEquals(PdmConfig.defaults(3), FederatedPdmJobFactory.config(JobParameters.of(3, Map.of())));
        Map<String, Object> p = new HashMap<>();
        p.put("rounds", 7);
        p.put("epsilon", 2.5);
        p.put("k", 9); // another job's parameter: ignored, as the REST API did
        p.put("seed", null);
        assertEquals(PdmConfig.defaults(4).withEpsilon(2.5).withRounds(7), FederatedPdmJobFactory.config(JobParameters.of(4, p)));
        assertEquals(PdmConfig.defaults(4).withRounds(12),
                FederatedPdmJobFactory.config(JobParameters.of(4, Map.of("rounds", "12")))); // command-line text
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> FederatedPdmJobFactory.config(JobParameters.of(4, Map.of("rounds", "many"))));
        assertTrue(bad.getMessage().contains("rounds"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FederatedPdmJobFactory.config(JobParameters.of(4, Map.of("rounds", 2.5))));
        assertThrows(IllegalArgumentException.class, () -> FederatedPdmJobFactory.config(JobParameters.of(4, Map.of("rounds", 0))));
    }

    @Test
    void theObserverHasNoRowsAndAMemberContributesWhatPdmMemberWould() throws Exception {
        JobParameters p = JobParameters.of(3, Map.of("rounds", 3, "generated-rows", 200));
        FederatedJob observer = FederatedJobFactory.byName("pdm-training").observer(p);
        assertThrows(IllegalStateException.class, () -> observer.contribution(0, null));

        FederatedJob member = FederatedJobFactory.byName("pdm-training").member(p, new MemberData(2, Optional.empty()));
        PdmConfig cfg = PdmConfig.defaults(3).withRounds(3);
        FederatedPdmJob byHand = new FederatedPdmJob(cfg, SiteData.of("site-2", PdmTraining.load(null, 200, 2 * 7919L + 1)), null);
        assertEquals(byHand.width(), member.width());
        assertArrayEquals(byHand.contribution(0, null), member.contribution(0, null));
    }
}
