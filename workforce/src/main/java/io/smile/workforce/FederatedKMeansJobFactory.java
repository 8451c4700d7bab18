package io.smile.workforce;

import io.smile.federation.FederatedJobFactory;
import io.smile.federation.JobParameters;
import io.smile.federation.MemberData;
import java.io.IOException;

/**
 * {@code workforce-kmeans}: {@link FederatedKMeansJob} from the parameters {@code k} (default 4),
 * {@code seed} (public seed of the initial centroids, default 1), {@code epsilon} (above 0: DP mode
 * with that ε, otherwise EXACT), {@code rounds} and {@code restarts} (defaults: the mode's); a
 * member reads its IBM HR attrition file, which it must have ({@code ./smile workforce member} makes its job here).
 */
public final class FederatedKMeansJobFactory implements FederatedJobFactory {
    public static final String NAME = "workforce-kmeans";

    @Override
    public String name() {
        return NAME;
    }

    /** The job's public configuration for {@code p}: what the cloud and every unit must agree on. */
    public static KMeansJobConfig config(JobParameters p) {
        int n = p.members();
        int k = p.integer("k").orElse(4);
        long seed = p.longInteger("seed").orElse(1L);
        double epsilon = p.decimal("epsilon").orElse(0.0);
        KMeansJobConfig cfg = epsilon > 0 ? KMeansJobConfig.dp(k, n, 0, epsilon, seed) : KMeansJobConfig.exact(k, n, seed);
        if (p.integer("rounds").isPresent()) {
            cfg = cfg.withMaxRounds(p.integer("rounds").get());
        }
        if (p.integer("restarts").isPresent()) {
            cfg = cfg.withRestarts(p.integer("restarts").get());
        }
        return cfg;
    }

    @Override
    public FederatedKMeansJob observer(JobParameters parameters) {
        return FederatedKMeansJob.observer(config(parameters));
    }

    @Override
    public FederatedKMeansJob member(JobParameters parameters, MemberData data) throws IOException {
        KMeansJobConfig cfg = config(parameters);
        if (data.file().isEmpty()) {
            throw new IllegalArgumentException("unit " + data.member() + ": a workforce-kmeans member needs its data file");
        }
        return FederatedKMeansJob.forUnit(cfg, HrDataset.load(data.file().get()));
    }
}
