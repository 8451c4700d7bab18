package io.smile.cli.federation;

import io.smile.federation.FederatedJobFactory;
import io.smile.federation.JobParameters;
import io.smile.federation.MemberData;
import io.smile.pdm.federated.FederatedPdmJob;
import io.smile.pdm.federated.FederatedPdmJobFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pdm-member}: one site of a federated PdM training that the cloud service coordinates
 * ({@code POST /federations} with job {@code pdm-training}). Trains on this site's rows only; the
 * rows never leave the process, only encrypted gradient sums do. The job is made by the
 * {@code pdm-training} {@link FederatedJobFactory}, from the same parameters as the cloud's instance.
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
        // the parameters the cloud's coordinator is given (null: the job's default), read by the same factory
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("rounds", rounds);
        parameters.put("epsilon", epsilon);
        parameters.put("generated-rows", generatedRows);
        FederatedPdmJob job = (FederatedPdmJob) FederatedJobFactory.byName(FederatedPdmJobFactory.NAME)
                .member(JobParameters.of(member.members(), parameters), new MemberData(member.id, Optional.ofNullable(data)));
        System.out.printf("site %d: %d rows (%s)%n", member.id, job.rows(), data == null ? "generated" : data);
        int code = member.run(job);
        if (code == 0 && job.done()) {
            System.out.printf("site %d: federated model after %d gradient rounds (ε spent %.3f); the cloud installs it%n",
                    member.id, job.gradientRounds(), job.epsilonSpent());
        }
        return code;
    }
}
