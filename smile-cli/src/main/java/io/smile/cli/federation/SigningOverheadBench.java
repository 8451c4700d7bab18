package io.smile.cli.federation;

import io.smile.federation.Envelope;
import io.smile.federation.FederationParameters;
import io.smile.federation.LocalFederation;
import io.smile.federation.Payloads;
import io.smile.federation.identity.Roster;
import io.smile.federation.identity.SigningIdentity;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the signed transcript costs per round, for each federation size: the Ed25519 signatures and
 * SHA-256 hashes a member and the coordinator compute (sign CONTRIBUTION and DECRYPTION_SHARE; verify
 * the AGGREGATE with every relayed contribution, and the RESULT with every relayed share; recompute the
 * aggregate hash), timed on messages of the real sizes (one ciphertext of 8192 slots = 324 kB per
 * contribution, one share 162 kB), and the bytes the version-2 envelope adds. The bytes of the
 * verified release (the t decryption shares inside RESULT) are shown apart: they are the price of
 * finding 4, not of the signatures.
 */
public final class SigningOverheadBench {
    /** A list of one ciphertext: 2 polynomials of N coefficients over 3 primes of 54 bits, packed, plus headers. */
    static final int CONTRIBUTION_BYTES = 2 * 3 * FederationParameters.DEGREE * 54 / 8 + 4 + 4 + 64;
    /** One decryption share: 1 polynomial over 3 primes of 54 bits, plus its header. */
    static final int SHARE_BYTES = 3 * FederationParameters.DEGREE * 54 / 8 + 4 + 4 + 64;

    private SigningOverheadBench() {
    }

    public static String run(List<Integer> parties, int threshold, int rounds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Signed transcript per round (mean of %d rounds after %d warm-up rounds; Ed25519 and "
                + "SHA-256 of the JDK; one ciphertext per contribution).%n%n", rounds, rounds));
        sb.append("| parties | t | member: sign + verify (ms) | coordinator: sign + verify (ms) | signatures per round "
                + "(made / checked by each member) | envelope bytes added per round (coordinator sent) | per member received "
                + "| verified release: shares in RESULT (per member received) |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        SecureRandom rnd = new SecureRandom();
        for (int n : parties) {
            int t = threshold > 0 ? Math.min(threshold, n) : LocalFederation.majority(n);
            List<SigningIdentity> ids = new ArrayList<>();
            for (int i = 0; i <= n; i++) {
                ids.add(SigningIdentity.generate(i));
            }
            Roster roster = Roster.of(ids);
            byte[] dep = new byte[32];
            rnd.nextBytes(dep);
            List<byte[]> contributionPayloads = new ArrayList<>();
            for (int m = 1; m <= n; m++) {
                byte[] p = new byte[CONTRIBUTION_BYTES];
                rnd.nextBytes(p);
                contributionPayloads.add(p);
            }
            byte[] share = new byte[SHARE_BYTES];
            rnd.nextBytes(share);
            double memberMs = 0;
            double coordinatorMs = 0;
            for (int r = 0; r < 2 * rounds; r++) {
                // member 1: signs its contribution and its decryption share
                long t0 = System.nanoTime();
                ids.get(1).sign(Envelope.of(Envelope.Kind.CONTRIBUTION, "bench", r, 0, 1, dep, contributionPayloads.get(0))
                        .transcriptHash());
                byte[] myShare = Envelope.of(Envelope.Kind.DECRYPTION_SHARE, "bench", r, 0, 1, dep, share).signedBy(ids.get(1))
                        .encode();
                long memberSign = System.nanoTime() - t0;
                // every member's signed contribution and t signed shares (what the coordinator relays)
                SortedMap<Integer, byte[]> contributions = new TreeMap<>();
                for (int m = 1; m <= n; m++) {
                    contributions.put(m, Envelope.of(Envelope.Kind.CONTRIBUTION, "bench", r, 0, m, dep,
                            contributionPayloads.get(m - 1)).signedBy(ids.get(m)).encode());
                }
                SortedMap<Integer, byte[]> shares = new TreeMap<>();
                for (int m = 1; m <= t; m++) {
                    shares.put(m, m == 1 ? myShare : Envelope.of(Envelope.Kind.DECRYPTION_SHARE, "bench", r, 0, m, dep, share)
                            .signedBy(ids.get(m)).encode());
                }
                // coordinator: verifies n contributions and t shares as they arrive, signs AGGREGATE and RESULT
                long c0 = System.nanoTime();
                contributions.values().forEach(b -> Envelope.decode(b).verify(roster));
                shares.values().forEach(b -> Envelope.decode(b).verify(roster));
                aggregateHash(contributions);
                byte[] aggregate = Envelope.of(Envelope.Kind.AGGREGATE, "bench", r, 0, 0, dep,
                        Payloads.aggregate(new Payloads.Aggregate(List.of(1, 2), contributions, contributionPayloads.get(0), 0)))
                        .signedBy(ids.get(0)).encode();
                byte[] result = Envelope.of(Envelope.Kind.RESULT, "bench", r, 0, 0, dep,
                        Payloads.result(new Payloads.Result(false, List.of(), List.of(), new long[512], List.of(), shares)))
                        .signedBy(ids.get(0)).encode();
                long coordinatorWork = System.nanoTime() - c0;
                // member 1: verifies the AGGREGATE, every contribution in it, the aggregate hash, the RESULT and its shares
                long v0 = System.nanoTime();
                Envelope a = Envelope.decode(aggregate);
                a.verify(roster);
                Payloads.readAggregate(a.payload()).contributions().values().forEach(b -> Envelope.decode(b).verify(roster));
                aggregateHash(contributions);
                Envelope res = Envelope.decode(result);
                res.verify(roster);
                Payloads.readResult(res.payload()).shares().values().forEach(b -> Envelope.decode(b).verify(roster));
                long memberVerify = System.nanoTime() - v0;
                if (r >= rounds) {
                    memberMs += (memberSign + memberVerify) / 1e6 / rounds;
                    coordinatorMs += coordinatorWork / 1e6 / rounds;
                }
            }
            // bytes: every v2 envelope carries attempt (1) + depends-on (4 + 32) + signature (4 + 64) more than v1
            int extra = 1 + 36 + 68;
            int innerHeader = Envelope.of(Envelope.Kind.CONTRIBUTION, "bench", 0, 0, 1, dep, new byte[0]).signedBy(ids.get(1))
                    .encode().length;
            // coordinator sent: AGGREGATE (its own header + n relayed headers) and RESULT (its header + t relayed headers)
            long sent = extra + (long) n * innerHeader + extra + (long) t * innerHeader;
            long perMember = sent; // each member receives one copy of each broadcast
            long release = (long) t * (SHARE_BYTES + innerHeader);
            sb.append(String.format("| %d | %d | %.1f | %.1f | 2 / %d | %s | %s | %s |%n", n, t, memberMs, coordinatorMs,
                    n + t + 2, bytes(sent), bytes(perMember), bytes(release)));
        }
        return sb.toString();
    }

    private static byte[] aggregateHash(SortedMap<Integer, byte[]> contributions) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] b : contributions.values()) {
                d.update(MessageDigest.getInstance("SHA-256").digest(Envelope.decode(b).payload()));
            }
            return d.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String bytes(long b) {
        return b >= 1 << 20 ? String.format("%.2f MB", b / 1048576.0) : b >= 10_240 ? String.format("%.0f kB", b / 1024.0)
                : b + " B";
    }
}
