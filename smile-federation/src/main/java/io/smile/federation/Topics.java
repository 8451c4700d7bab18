package io.smile.federation;

import io.smile.protocol.mqtt.TopicName;
import java.util.List;

/** Topic names: {@code smile/fed/{federation}/...}. The last member segment names the sender. */
public final class Topics {
    private final String base;

    public Topics(String federation) {
        Envelope.checkFederation(federation);
        this.base = "smile/fed/" + federation + "/";
    }

    public String hello(int member) {
        return base + "members/" + member + "/hello";
    }

    public String helloAll() {
        return base + "members/+/hello";
    }

    public String keysStart() {
        return base + "keys/start";
    }

    /** CRS coin toss: member → coordinator, the seed this member committed to in its HELLO. */
    public String crsReveal(int member) {
        return base + "keys/reveal/" + member;
    }

    public String crsRevealAll() {
        return base + "keys/reveal/+";
    }

    /** CRS coin toss: coordinator → all, every member's signed reveal. */
    public String crsReveals() {
        return base + "keys/reveals";
    }

    public String ckg(int member) {
        return base + "keys/ckg/" + member;
    }

    public String ckgAll() {
        return base + "keys/ckg/+";
    }

    public String publicKey() {
        return base + "keys/public";
    }

    /** Threshold setup: member → coordinator, the member's X25519 transport key. */
    public String transportKey(int member) {
        return base + "keys/transport/" + member;
    }

    public String transportKeyAll() {
        return base + "keys/transport/+";
    }

    /** Threshold setup: coordinator → all, every member's transport key. */
    public String transportKeys() {
        return base + "keys/transport";
    }

    /** Threshold setup: member → coordinator, its sealed dealings by recipient. */
    public String dealing(int member) {
        return base + "keys/dealing/" + member;
    }

    public String dealingAll() {
        return base + "keys/dealing/+";
    }

    /** Threshold setup: coordinator → member, the dealings sealed to that member, by dealer. */
    public String dealingsFor(int member) {
        return base + "keys/relay/" + member + "/dealings";
    }

    /** Threshold setup: member → coordinator, setup complete (or the dealers it refused). */
    public String ready(int member) {
        return base + "keys/ready/" + member;
    }

    public String readyAll() {
        return base + "keys/ready/+";
    }

    /** Threshold setup: coordinator → all, every member holds its Shamir share; round 0 opens. */
    public String setupComplete() {
        return base + "keys/complete";
    }

    public String contribution(int round, int member) {
        return base + "rounds/" + round + "/contrib/" + member;
    }

    public String contributionAll() {
        return base + "rounds/+/contrib/+";
    }

    public String aggregate(int round) {
        return base + "rounds/" + round + "/aggregate";
    }

    public String aggregateAll() {
        return base + "rounds/+/aggregate";
    }

    public String decryptionShare(int round, int member) {
        return base + "rounds/" + round + "/decshare/" + member;
    }

    public String decryptionShareAll() {
        return base + "rounds/+/decshare/+";
    }

    public String result(int round) {
        return base + "rounds/" + round + "/result";
    }

    public String resultAll() {
        return base + "rounds/+/result";
    }

    /** The sender named by a member topic (its last level), as text for logs. */
    public static String senderOf(String topic) {
        List<String> s = levels(topic);
        String last = s.get(s.size() - 1);
        if (last.equals("hello") && s.size() >= 2) {
            return "member " + s.get(s.size() - 2);
        }
        return last.matches("\\d{1,9}") ? "member " + last : "coordinator";
    }

    /** The member id in a member topic, or -1. */
    public static int memberOf(String topic) {
        List<String> s = levels(topic);
        String last = s.get(s.size() - 1).equals("hello") && s.size() >= 2 ? s.get(s.size() - 2) : s.get(s.size() - 1);
        return last.matches("\\d{1,9}") ? Integer.parseInt(last) : -1;
    }

    /** The round in a rounds/{r}/... topic, or -1. */
    public static int roundOf(String topic) {
        List<String> s = levels(topic);
        for (int i = 0; i + 1 < s.size(); i++) {
            if (s.get(i).equals("rounds")) {
                return s.get(i + 1).matches("\\d{1,9}") ? Integer.parseInt(s.get(i + 1)) : -1;
            }
        }
        return -1;
    }

    /**
     * The levels of a received topic ({@link TopicName}), without trailing empty levels as the former
     * {@code split("/")} had it; a topic that is not a valid topic name is one level, which names no member.
     */
    private static List<String> levels(String topic) {
        List<String> s;
        try {
            s = TopicName.parse(topic).levels();
        } catch (IllegalArgumentException e) {
            return List.of(topic == null ? "" : topic);
        }
        int n = s.size();
        while (n > 1 && s.get(n - 1).isEmpty()) {
            n--;
        }
        return s.subList(0, n);
    }

    /** Protocol id of the CKG. */
    public static final long CKG_PROTOCOL = 1L << 40;

    /** Protocol id of the threshold (Shamir) setup. */
    public static final long SETUP_PROTOCOL = 2L << 40;

    /**
     * Protocol id of the decryption of ciphertext {@code index} of {@code round} by the decrypting set
     * of attempt {@code attempt} (0, then one more per retry after a dropout).
     */
    public static long decryptionProtocol(int round, int attempt, int index) {
        if (attempt < 0 || attempt > 255 || index < 0 || index > 0xffff) {
            throw new IllegalArgumentException("attempt " + attempt + " / ciphertext index " + index + " out of range");
        }
        return ((long) (round + 1) << 24) | ((long) attempt << 16) | index;
    }
}
