package io.smile.pdm.federated;

import io.smile.federation.FederatedJobFactory;
import io.smile.federation.JobParameters;
import io.smile.federation.MemberData;
import io.smile.pdm.training.PdmTraining;
import java.io.IOException;
import java.security.SecureRandom;

/**
 * {@code pdm-training}: {@link FederatedPdmJob} from the parameters {@code rounds} (most gradient
 * rounds, default {@link PdmConfig#defaults}'s) and {@code epsilon} (distributed DP, default 0 =
 * none); a member reads its AI4I-format file, or without one generates {@code generated-rows} rows
 * (default 2000) seeded by its id ({@code ./smile federation pdm-member} makes its job here).
 */
public final class FederatedPdmJobFactory implements FederatedJobFactory {
    public static final String NAME = "pdm-training";
    static final int DEFAULT_GENERATED_ROWS = 2000;

    @Override
    public String name() {
        return NAME;
    }

    /** The job's settings for {@code p}: what the cloud and every site must agree on. */
    public static PdmConfig config(JobParameters p) {
        PdmConfig cfg = PdmConfig.defaults(p.members()).withEpsilon(p.decimal("epsilon").orElse(0.0));
        if (p.integer("rounds").isPresent()) {
            cfg = cfg.withRounds(p.integer("rounds").get());
        }
        return cfg;
    }

    @Override
    public FederatedPdmJob observer(JobParameters parameters) {
        return new FederatedPdmJob(config(parameters), null, null);
    }

    @Override
    public FederatedPdmJob member(JobParameters parameters, MemberData data) throws IOException {
        PdmConfig cfg = config(parameters);
        int generated = parameters.integer("generated-rows").orElse(DEFAULT_GENERATED_ROWS);
        var rows = PdmTraining.load(data.file().orElse(null), generated, data.member() * 7919L + 1);
        return new FederatedPdmJob(cfg, SiteData.of("site-" + data.member(), rows), new SecureRandom());
    }
}
