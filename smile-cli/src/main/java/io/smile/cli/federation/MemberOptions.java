package io.smile.cli.federation;

import io.smile.federation.FederatedJob;
import io.smile.federation.FederationParameters;
import io.smile.federation.Member;
import io.smile.federation.identity.Roster;
import io.smile.federation.identity.SigningIdentity;
import io.smile.federation.transport.MqttTransport;
import io.smile.he.bgv.BgvContext;
import io.smile.he.multiparty.Party;
import io.smile.he.ring.RandomSource;
import io.smile.protocol.MqttTls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLSocketFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What a site needs to join a federation that a coordinator (the cloud service's
 * {@code POST /federations}) runs: the broker, the federation id, its own id and the member list,
 * and the threshold settings the coordinator uses. Shared by every job's {@code member} command.
 * The site's key share is drawn here from SecureRandom, lives in this process only, and is
 * destroyed when the run ends: a member process must stay up for the whole federation. The site's
 * long-term signing identity ({@code smile federation identity}) is read from its state directory,
 * and the roster (every member's and the coordinator's enrolled public key) from {@code --roster}.
 */
public final class MemberOptions {
    @Option(names = "--broker", required = true, description = "MQTT broker URL, tcp://host:port or ssl://host:port")
    String broker;

    @Option(names = "--truststore", description = "PKCS#12 trust store with the broker's CA (ssl://; default: the JVM's trust)")
    Path truststore;

    @Option(names = "--keystore", description = "PKCS#12 key store with this site's client certificate (brokers requiring mutual TLS)")
    Path keystore;

    @Option(names = "--store-password-env", description = "environment variable holding the stores' password")
    String storePasswordEnv;

    @Option(names = "--federation", required = true, description = "federation id (as started on the cloud)")
    String federation;

    @Option(names = "--id", required = true, description = "this site's member id (> 0)")
    int id;

    @Option(names = "--members", required = true, split = ",", description = "every member id, e.g. 1,2,3")
    List<Integer> members = new ArrayList<>();

    @Option(names = "--threshold", defaultValue = "0", description = "t of the threshold decryption (0 = majority, the cloud's default)")
    int threshold;

    @Option(names = "--min-contributors", defaultValue = "0",
            description = "fewest contributions a member decrypts a sum of (0 = max(2, t), the cloud's default)")
    int minContributors;

    @Option(names = "--state-dir", description = "this site's state directory, holding its signing identity "
            + "(made by `smile federation identity`)")
    Path stateDir;

    @Option(names = "--roster", description = "the federation's roster: one '<id> <base64 Ed25519 public key>' line per "
            + "member and for the coordinator (id 0), enrolled out of band")
    Path roster;

    @Option(names = "--timeout-minutes", defaultValue = "120", description = "give up after this long (default ${DEFAULT-VALUE})")
    long timeoutMinutes;

    public int id() {
        return id;
    }

    public int members() {
        return members.size();
    }

    /**
     * For the commands' {@code main}: a configuration mistake (an unreadable store, TLS options
     * with a tcp:// broker, a missing environment variable) ends with its message, not a stack trace.
     */
    public static final CommandLine.IExecutionExceptionHandler CONFIGURATION_ERRORS = (e, commandLine, parseResult) -> {
        if (e instanceof IllegalArgumentException) {
            commandLine.getErr().println("error: " + e.getMessage());
            return 1;
        }
        throw e;
    };

    /** The TLS socket factory for an ssl:// broker, from the stores given (empty for tcp://). */
    Optional<SSLSocketFactory> socketFactory() {
        if (!broker.startsWith("ssl://")) {
            if (truststore != null || keystore != null) {
                throw new IllegalArgumentException("--truststore and --keystore need an ssl:// broker, got " + broker);
            }
            return Optional.empty();
        }
        Optional<char[]> password = Optional.empty();
        if (storePasswordEnv != null) {
            String value = System.getenv(storePasswordEnv);
            if (value == null) {
                throw new IllegalArgumentException("the environment variable " + storePasswordEnv + " is not set");
            }
            password = Optional.of(value.toCharArray());
        }
        Optional<char[]> pw = password;
        return Optional.of(MqttTls.socketFactory(Optional.ofNullable(truststore).map(f -> new MqttTls.StoreFile(f, "PKCS12", pw)),
                Optional.ofNullable(keystore).map(f -> new MqttTls.StoreFile(f, "PKCS12", pw))));
    }

    /** This site's signing identity from its state directory. */
    SigningIdentity identity() {
        if (stateDir == null) {
            throw new IllegalArgumentException("--state-dir is required: it holds this site's signing identity");
        }
        Path file = IdentityCommand.file(stateDir, id);
        if (!java.nio.file.Files.exists(file)) {
            throw new IllegalArgumentException("no signing identity " + file + ": create one with `smile federation identity "
                    + "--state-dir " + stateDir + " --id " + id + "` and enrol its public key in the roster");
        }
        SigningIdentity identity = SigningIdentity.load(file);
        if (identity.id() != id) {
            throw new IllegalArgumentException(file + " is the identity of member " + identity.id() + ", not " + id);
        }
        return identity;
    }

    Roster roster() {
        if (roster == null) {
            throw new IllegalArgumentException("--roster is required: the enrolled public keys of every member and the coordinator");
        }
        return Roster.load(roster);
    }

    /** Runs this member until its job ends; returns the process exit code (0 = the job finished). */
    public int run(FederatedJob job) throws Exception {
        int t = threshold > 0 ? threshold : members.size() / 2 + 1;
        FederationParameters.checkThreshold(t, members.size()); // t = 1: refused before anything is built
        int min = minContributors > 0 ? minContributors : Math.max(2, t);
        Optional<SSLSocketFactory> tls = socketFactory();
        SigningIdentity identity = identity();
        Roster enrolled = roster();
        try (BgvContext ctx = BgvContext.create(FederationParameters.bgv(), Runtime.getRuntime().availableProcessors());
             MqttTransport transport = new MqttTransport(broker, federation + "-member-" + id, tls);
             Member member = new Member(federation, id, members, min, job, transport, ctx,
                     new Party(ctx, id, RandomSource.secure()), t, identity, enrolled, System.out::println)) {
            System.out.printf("member %d of federation %s (%d members, threshold %d) connected to %s%n", id, federation,
                    members.size(), t, broker);
            member.start();
            try {
                long[] last = member.done().get(timeoutMinutes, TimeUnit.MINUTES);
                System.out.printf("member %d: job %s finished after %d released sums (%d values in the last)%n", id,
                        job.name(), member.sums().size(), last == null ? 0 : last.length);
            } catch (TimeoutException e) {
                System.err.printf("member %d: no end of the job within %d minutes%n", id, timeoutMinutes);
                return 2;
            }
            if (!member.localErrors().isEmpty() || !member.rejections().isEmpty()) {
                System.err.printf("member %d: %d local errors, %d rejected messages: %s %s%n", id, member.localErrors().size(),
                        member.rejections().size(), member.localErrors(), member.rejections());
            }
            return 0;
        }
    }
}
