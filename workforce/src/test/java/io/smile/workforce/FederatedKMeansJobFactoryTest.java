package io.smile.workforce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smile.federation.FederatedJob;
import io.smile.federation.FederatedJobFactory;
import io.smile.federation.JobParameters;
import io.smile.federation.MemberData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The workforce-kmeans factory, found through ServiceLoader, builds the jobs the cloud and the member command built by hand. */
class FederatedKMeansJobFactoryTest {
    @Test
    void theJobIsRegistered() {
        // only this module's job is on this class path; the cloud's FederationHostTest runs both
        assertEquals(List.of("workforce-kmeans"), List.copyOf(FederatedJobFactory.available().keySet()));
        assertInstanceOf(FederatedKMeansJobFactory.class, FederatedJobFactory.byName("workforce-kmeans"));
    }

    @Test
    void parametersGiveTheCloudsDefaultsAndOverrides() {
        assertEquals(KMeansJobConfig.exact(4, 3, 1), FederatedKMeansJobFactory.config(JobParameters.of(3, Map.of())));
        assertEquals(KMeansJobConfig.exact(3, 3, 7).withMaxRounds(6).withRestarts(2), FederatedKMeansJobFactory.config(
                JobParameters.of(3, Map.of("k", 3, "seed", 7L, "rounds", 6, "restarts", 2))));
        assertEquals(KMeansJobConfig.dp(5, 4, 0, 3.0, 11), FederatedKMeansJobFactory.config(
                JobParameters.of(4, Map.of("k", 5, "seed", 11, "epsilon", 3.0))));
        assertEquals(KMeansJobConfig.exact(4, 4, 1), FederatedKMeansJobFactory.config(JobParameters.of(4, Map.of("epsilon", 0.0))));
        assertThrows(IllegalArgumentException.class, () -> FederatedKMeansJobFactory.config(JobParameters.of(4, Map.of("k", 40))));
    }

    @Test
    void theObserverFollowsAndAMemberContributesItsRows() throws Exception {
        JobParameters p = JobParameters.of(3, Map.of("k", 3, "seed", 7, "rounds", 2));
        FederatedKMeansJob observer = (FederatedKMeansJob) FederatedJobFactory.byName("workforce-kmeans").observer(p);
        assertEquals(KMeansJobConfig.exact(3, 3, 7).withMaxRounds(2), observer.config());
        assertThrows(IllegalArgumentException.class,
                () -> FederatedJobFactory.byName("workforce-kmeans").member(p, new MemberData(1, Optional.empty())));

        FederatedJob member = FederatedJobFactory.byName("workforce-kmeans").member(p, new MemberData(1, Optional.of(TestData.hrCsv())));
        FederatedKMeansJob byHand = FederatedKMeansJob.forUnit(KMeansJobConfig.exact(3, 3, 7).withMaxRounds(2), TestData.rows());
        assertArrayEquals(byHand.contribution(0, null), member.contribution(0, null));
    }
}
