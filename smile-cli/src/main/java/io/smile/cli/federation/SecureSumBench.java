package io.smile.cli.federation;

import io.smile.broker.EmbeddedBroker;
import io.smile.federation.Coordinator;
import io.smile.federation.FederatedJob;
import io.smile.federation.FederationParameters;
import io.smile.federation.LocalFederation;
import io.smile.he.bgv.BgvContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/** The secure-sum benchmark: keys and rounds for each federation size, as a markdown table. */
public final class SecureSumBench {
    private SecureSumBench() {
    }

    /** Contributes random values for a fixed number of rounds. */
    static final class RandomJob implements FederatedJob {
        private final int width;
        private final int rounds;
        private final long maxAbs;
        private final Random rnd;

        RandomJob(int width, int rounds, long maxAbs, long seed) {
            this.width = width;
            this.rounds = rounds;
            this.maxAbs = maxAbs;
            this.rnd = new Random(seed);
        }

        public String name() {
            return "bench";
        }

        public int width() {
            return width;
        }

        public long maxAbsValue() {
            return maxAbs;
        }

        public long[] contribution(int round, long[] previousSum) {
            long[] c = new long[width];
            for (int i = 0; i < width; i++) {
                c[i] = (long) ((rnd.nextDouble() * 2 - 1) * maxAbs);
            }
            return c;
        }

        public boolean finished(int round, long[] sum) {
            return round + 1 >= rounds;
        }
    }

    public static String run(List<Integer> parties, int width, int rounds, int threshold, boolean dropout,
                             Consumer<String> log) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Secure sums of %d values per member (%d ciphertext(s) per contribution), N = %d, "
                        + "log2 t = 38, Q = 3 x 54 bits; embedded HiveMQ on loopback, one JVM, %d rounds per size "
                        + "(mean shown)%s.%n%n", width, (width + FederationParameters.DEGREE - 1) / FederationParameters.DEGREE,
                FederationParameters.DEGREE, rounds, dropout ? "; member n stops after contributing to the last round "
                        + "(decryption deadline 5 s)" : ""));
        sb.append("| parties | t | phase | wall time (ms) | of which collecting contributions (ms) | coordinator sent "
                + "| coordinator received | per member sent | per member received | member encrypt (ms) "
                + "| member verify + decryption share (ms) |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int n : parties) {
            int t = threshold > 0 ? Math.min(threshold, n) : LocalFederation.majority(n);
            List<FederatedJob> jobs = new ArrayList<>();
            long maxAbs = FederationParameters.maxAbsValue(n);
            for (int i = 0; i < n; i++) {
                jobs.add(new RandomJob(width, rounds, maxAbs, i));
            }
            Coordinator.Settings settings = Coordinator.Settings.defaults();
            List<LocalFederation.Crash> crashes = List.of();
            if (dropout) {
                settings = new Coordinator.Settings(settings.joinTimeout(), settings.keyDeadline(),
                        settings.contributionDeadline(), Duration.ofSeconds(5), settings.maxRounds());
                crashes = List.of(new LocalFederation.Crash(n, rounds - 1, true));
            }
            LocalFederation.Result r;
            try (EmbeddedBroker broker = EmbeddedBroker.startOnFreePort();
                 BgvContext ctx = BgvContext.create(FederationParameters.bgv(), 2)) {
                r = LocalFederation.run(broker.url(), "bench" + n, ctx, jobs, new RandomJob(width, rounds, maxAbs, 99),
                        Math.min(2, n), t, settings, crashes, log);
            }
            Coordinator.Outcome o = r.outcome();
            if (!o.completed()) {
                throw new IllegalStateException("benchmark run failed: " + o.failure());
            }
            int normal = dropout ? rounds - 1 : rounds;
            double[][] phase = new double[3 + (dropout ? 1 : 0)][4]; // CKG, setup, normal rounds, dropout round
            int counted = 0;
            for (LocalFederation.MemberView m : r.members()) {
                List<long[]> b = m.bytesPerRound();
                if (b.size() < 2 + rounds) {
                    continue; // the crashed member
                }
                counted++;
                for (int k = 0; k < 4; k++) {
                    phase[0][k] += b.get(0)[k];
                    phase[1][k] += b.get(1)[k];
                    for (int i = 0; i < normal; i++) {
                        phase[2][k] += b.get(2 + i)[k] / (double) normal;
                    }
                    if (dropout) {
                        phase[3][k] += b.get(2 + rounds - 1)[k];
                    }
                }
            }
            for (double[] p : phase) {
                for (int k = 0; k < 4; k++) {
                    p[k] /= counted;
                }
            }
            List<Coordinator.RoundReport> rr = o.rounds().subList(0, normal);
            double ms = rr.stream().mapToLong(Coordinator.RoundReport::millis).average().orElse(0);
            double cm = rr.stream().mapToLong(Coordinator.RoundReport::contributionMillis).average().orElse(0);
            double cs = rr.stream().mapToLong(Coordinator.RoundReport::bytesSent).average().orElse(0);
            double cr = rr.stream().mapToLong(Coordinator.RoundReport::bytesReceived).average().orElse(0);
            sb.append(String.format("| %d | %d | keys (CKG) | %d | - | %s | %s | %s | %s | - | - |%n", n, t, o.keyMillis(),
                    size(o.keyBytesSent()), size(o.keyBytesReceived()), size(phase[0][0]), size(phase[0][1])));
            sb.append(String.format("| %d | %d | threshold setup | %d | - | %s | %s | %s | %s | - | - |%n", n, t,
                    o.setupMillis(), size(o.setupBytesSent()), size(o.setupBytesReceived()), size(phase[1][0]),
                    size(phase[1][1])));
            sb.append(String.format("| %d | %d | one round (decrypted by %d) | %.0f | %.0f | %s | %s | %s | %s | %.0f | %.0f |%n",
                    n, t, rr.get(0).decryptors().size(), ms, cm, size(cs), size(cr), size(phase[2][0]), size(phase[2][1]),
                    phase[2][2], phase[2][3]));
            if (dropout) {
                Coordinator.RoundReport d = o.rounds().get(rounds - 1);
                sb.append(String.format("| %d | %d | round where member %d drops after contributing (%d attempt(s), silent "
                                + "decryptors %s, decrypted by %d) | %d%s | %d | %s | %s | %s | %s | %.0f | %.0f |%n", n, t, n,
                        d.attempts(), d.dropped(), d.decryptors().size(), d.millis(),
                        d.attempts() > 1 ? " (incl. the 5000 ms deadline)" : "", d.contributionMillis(), size(d.bytesSent()),
                        size(d.bytesReceived()), size(phase[3][0]), size(phase[3][1]), phase[3][2], phase[3][3]));
            }
        }
        return sb.toString();
    }

    static String size(double bytes) {
        return bytes >= 1 << 20 ? String.format("%.2f MB", bytes / 1048576.0) : String.format("%.0f kB", bytes / 1024.0);
    }
}
