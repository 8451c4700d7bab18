package io.smile.federation;

import io.smile.he.bgv.BgvContext;
import io.smile.he.multiparty.Party;
import io.smile.he.ring.RandomSource;
import io.smile.federation.identity.Roster;
import io.smile.federation.identity.SigningIdentity;
import io.smile.federation.transport.MqttTransport;
import io.smile.federation.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A whole federation in one JVM over a real MQTT broker: one coordinator and one {@link Member}
 * (with its own {@link Party}, its own signing identity and its own MQTT connection) per site; the
 * identities are generated here and enrolled in one roster, as a real federation does out of band.
 * For the command, the benchmark and the tests.
 */
public final class LocalFederation {
    /** Per-member outcome: the member's view and its byte counts per phase. */
    public record MemberView(int id, List<long[]> sums, List<Rejection> rejections, List<long[]> bytesPerRound) {
    }

    public record Result(Coordinator.Outcome outcome, List<Rejection> coordinatorRejections, List<MemberView> members) {
    }

    /** A simulated crash (tests, benchmark): the member closes its connection in that round. */
    public record Crash(int member, int round, boolean afterContributing) {
    }

    private LocalFederation() {
    }

    /** The default threshold: a majority, ⌈(n + 1) / 2⌉ (t = n is n-out-of-n). */
    public static int majority(int n) {
        return n / 2 + 1;
    }

    /** {@link #run(String, String, BgvContext, List, FederatedJob, int, int, Coordinator.Settings, Consumer)} with t = majority. */
    public static Result run(String brokerUrl, String federation, BgvContext ctx, List<FederatedJob> jobs,
                             FederatedJob publicJob, int minContributors, Coordinator.Settings settings,
                             Consumer<String> log) {
        return run(brokerUrl, federation, ctx, jobs, publicJob, minContributors, majority(jobs.size()), settings, log);
    }

    /** Member i (0-based) gets id i + 1 and runs {@code jobs.get(i)}; decryption is {@code threshold}-out-of-n. */
    public static Result run(String brokerUrl, String federation, BgvContext ctx, List<FederatedJob> jobs,
                             FederatedJob publicJob, int minContributors, int threshold, Coordinator.Settings settings,
                             Consumer<String> log) {
        return run(brokerUrl, federation, ctx, jobs, publicJob, minContributors, threshold, settings, List.of(), log);
    }

    /** As above, with simulated crashes. */
    public static Result run(String brokerUrl, String federation, BgvContext ctx, List<FederatedJob> jobs,
                             FederatedJob publicJob, int minContributors, int threshold, Coordinator.Settings settings,
                             List<Crash> crashes, Consumer<String> log) {
        FederationParameters.checkThreshold(threshold, jobs.size());
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            ids.add(i + 1);
        }
        List<SigningIdentity> identities = new ArrayList<>();
        for (int id = 0; id <= jobs.size(); id++) {
            identities.add(SigningIdentity.generate(id)); // 0 = the coordinator
        }
        Roster roster = Roster.of(identities);
        List<Transport> transports = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        try (Transport ct = new MqttTransport(brokerUrl, federation + "-coordinator");
             Coordinator coordinator = new Coordinator(federation, ids, minContributors, publicJob, ct, ctx, threshold,
                     settings, identities.get(0), roster, log)) {
            var outcome = coordinator.start();
            for (int i = 0; i < jobs.size(); i++) {
                Transport t = new MqttTransport(brokerUrl, federation + "-member-" + ids.get(i));
                transports.add(t);
                Member m = new Member(federation, ids.get(i), ids, minContributors, jobs.get(i), t, ctx,
                        new Party(ctx, ids.get(i), RandomSource.secure()), threshold, identities.get(ids.get(i)), roster, log);
                members.add(m);
                for (Crash c : crashes) {
                    if (c.member() == ids.get(i)) {
                        m.crashForTests(c.round(), c.afterContributing());
                    }
                }
            }
            members.forEach(Member::start);
            Coordinator.Outcome o = outcome.get(24, TimeUnit.HOURS);
            if (o.completed()) {
                for (Member m : members) { // the members process the last result asynchronously
                    if (!m.crashed()) {
                        m.done().get(60, TimeUnit.SECONDS);
                    }
                }
            }
            List<MemberView> views = new ArrayList<>();
            for (Member m : members) {
                views.add(new MemberView(m.id(), m.sums(), m.rejections(), m.bytesPerRound()));
            }
            return new Result(o, coordinator.rejections(), views);
        } catch (Exception e) {
            throw new IllegalStateException("federation run failed: " + e, e);
        } finally {
            members.forEach(Member::close);
            transports.forEach(Transport::close);
        }
    }
}
