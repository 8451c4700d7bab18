package io.smile.federation.cli;

import io.smile.broker.EmbeddedBroker;
import io.smile.federation.Coordinator;
import io.smile.federation.FederatedJob;
import io.smile.federation.FederationParameters;
import io.smile.federation.LocalFederation;
import io.smile.he.bgv.BgvContext;
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

    public static String run(List<Integer> parties, int width, int rounds, Consumer<String> log) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Secure sums of %d values per member (%d ciphertext(s) per contribution), N = %d, "
                        + "log2 t = 38, Q = 3 x 54 bits; embedded HiveMQ on loopback, one JVM, %d rounds per size "
                        + "(mean shown).%n%n", width, (width + FederationParameters.DEGREE - 1) / FederationParameters.DEGREE,
                FederationParameters.DEGREE, rounds));
        sb.append("| parties | phase | wall time (ms) | of which collecting contributions (ms) | coordinator sent | coordinator received "
                + "| per member sent | per member received | member encrypt (ms) | member verify + decryption share (ms) |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (int n : parties) {
            List<FederatedJob> jobs = new ArrayList<>();
            long maxAbs = FederationParameters.maxAbsValue(n);
            for (int i = 0; i < n; i++) {
                jobs.add(new RandomJob(width, rounds, maxAbs, i));
            }
            LocalFederation.Result r;
            try (EmbeddedBroker broker = EmbeddedBroker.startOnFreePort();
                 BgvContext ctx = BgvContext.create(FederationParameters.bgv(), 2)) {
                r = LocalFederation.run(broker.url(), "bench" + n, ctx, jobs, new RandomJob(width, rounds, maxAbs, 99), n,
                        Coordinator.Settings.defaults(), log);
            }
            Coordinator.Outcome o = r.outcome();
            if (!o.completed()) {
                throw new IllegalStateException("benchmark run failed: " + o.failure());
            }
            double memberKeySent = 0;
            double memberKeyRecv = 0;
            double memberSent = 0;
            double memberRecv = 0;
            double memberEnc = 0;
            double memberDec = 0;
            for (LocalFederation.MemberView m : r.members()) {
                memberKeySent += m.bytesPerRound().get(0)[0];
                memberKeyRecv += m.bytesPerRound().get(0)[1];
                for (int i = 1; i < m.bytesPerRound().size(); i++) {
                    memberSent += m.bytesPerRound().get(i)[0];
                    memberRecv += m.bytesPerRound().get(i)[1];
                    memberEnc += m.bytesPerRound().get(i)[2];
                    memberDec += m.bytesPerRound().get(i)[3];
                }
            }
            int rs = o.rounds().size();
            double ms = o.rounds().stream().mapToLong(Coordinator.RoundReport::millis).average().orElse(0);
            double cm = o.rounds().stream().mapToLong(Coordinator.RoundReport::contributionMillis).average().orElse(0);
            double cs = o.rounds().stream().mapToLong(Coordinator.RoundReport::bytesSent).average().orElse(0);
            double cr = o.rounds().stream().mapToLong(Coordinator.RoundReport::bytesReceived).average().orElse(0);
            sb.append(String.format("| %d | keys (CKG) | %d | - | %s | %s | %s | %s | - | - |%n", n, o.keyMillis(),
                    size(o.keyBytesSent()), size(o.keyBytesReceived()), size(memberKeySent / n), size(memberKeyRecv / n)));
            sb.append(String.format("| %d | one round | %.0f | %.0f | %s | %s | %s | %s | %.0f | %.0f |%n", n, ms, cm, size(cs),
                    size(cr), size(memberSent / n / rs), size(memberRecv / n / rs), memberEnc / n / rs, memberDec / n / rs));
        }
        return sb.toString();
    }

    static String size(double bytes) {
        return bytes >= 1 << 20 ? String.format("%.2f MB", bytes / 1048576.0) : String.format("%.0f kB", bytes / 1024.0);
    }
}
