package io.smile.cli.federation;

import io.smile.data.ai4i.Ai4iRecord;
import io.smile.federation.pdm.FederatedPdmJob;
import io.smile.federation.pdm.PdmConfig;
import io.smile.federation.pdm.SiteData;
import io.smile.training.PdmTraining;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pdm-member}: one site of a federated PdM training that the cloud service coordinates
 * ({@code POST /federations} with job {@code pdm-training}). Trains on this site's rows only; the
 * rows never leave the process, only encrypted gradient sums do.
 */
@Command(name = "pdm-member", mixinStandardHelpOptions = true,
        description = "Join a cloud-hosted federated PdM training as one site (this site's AI4I-format CSV; generated rows without --data).")
public final class PdmMemberCommand implements Callable<Integer> {
    @Mixin
    MemberOptions member;

    @Option(names = "--data", description = "this site's rows, AI4I 2020 CSV format (default: generated rows, for a demo)")
    Path data;

    @Option(names = "--generated-rows", defaultValue = "2000", description = "rows to generate without --data (default ${DEFAULT-VALUE})")
    int generatedRows;

    @Option(names = "--rounds", description = "most gradient rounds; must equal the cloud's (default: the cloud's default, 150)")
    Integer rounds;

    @Option(names = "--epsilon", defaultValue = "0", description = "ε of distributed DP; must equal the cloud's (0 = none)")
    double epsilon;

    @Override
    public Integer call() throws Exception {
        List<Ai4iRecord> rows = PdmTraining.load(data, generatedRows, member.id * 7919L + 1);
        PdmConfig cfg = PdmConfig.defaults(member.members()).withEpsilon(epsilon);
        if (rounds != null) {
            cfg = cfg.withRounds(rounds);
        }
        System.out.printf("site %d: %d rows (%s)%n", member.id, rows.size(), data == null ? "generated" : data);
        FederatedPdmJob job = new FederatedPdmJob(cfg, SiteData.of("site-" + member.id, rows), new SecureRandom());
        int code = member.run(job);
        if (code == 0 && job.done()) {
            System.out.printf("site %d: federated model after %d gradient rounds (ε spent %.3f); the cloud installs it%n",
                    member.id, job.gradientRounds(), job.epsilonSpent());
        }
        return code;
    }
}
