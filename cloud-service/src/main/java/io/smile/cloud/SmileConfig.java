package io.smile.cloud;



import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Every {@code smile.*} property (documented in application.properties and the README). */
@ConfigMapping(prefix = "smile")
public interface SmileConfig {
    Mqtt mqtt();

    Registry registry();

    Model model();

    He he();

    /** How the evaluation keys of registered gateways are held. */
    Keys keys();

    Federation federation();

    /** Encrypted workforce-segment assignment (see docs/workforce.md). */
    Segments segments();

    /** Who may call the REST API (see ApiTokens). */
    Api api();

    /** What a scored batch reveals and how many windows a gateway may have scored (docs/pdm-model.md). */
    Scoring scoring();

    /** Threads scoring feature batches; default: the number of cores. */
    OptionalInt workers();

    /** Batches waiting for a worker beyond which new ones are rejected ({@code queue-full}). */
    @WithDefault("256")
    int queueCapacity();

    /** Batches one gateway may have queued or in scoring at once; more are rejected ({@code queue-full}). */
    @WithDefault("32")
    int maxPendingPerGateway();

    /** Feature-batch payloads larger than this are rejected before decoding ({@code oversized}). */
    @WithDefault("67108864")
    int maxBatchBytes();

    /** Key-registration payloads larger than this are rejected before decoding. */
    @WithDefault("268435455")
    int maxRegistrationBytes();

    /** Accept gateways whose BGV parameters are below the 128-bit security bound. Tests only. */
    @WithDefault("false")
    boolean allowInsecureTestParameters();

    /** Sequences remembered above the highest contiguous one, per gateway, for duplicate detection. */
    @WithDefault("4096")
    int dedupWindow();

    interface Mqtt {
        /** Broker URL: tcp://host:port or ssl://host:port. */
        @WithDefault("tcp://127.0.0.1:1883")
        String url();

        /** Client id; must be unique per instance (the broker keeps this id's session and queue). */
        @WithDefault("smile-cloud")
        String clientId();

        Optional<String> username();

        Optional<String> password();

        /** Subscribe to feature batches through $share/cloud/... so several instances split the load. */
        @WithDefault("false")
        boolean sharedSubscription();

        /** Seconds the broker keeps this client's session (subscriptions, queued QoS 1 messages) while it is offline. */
        @WithDefault("86400")
        long sessionExpiry();

        @WithDefault("30")
        int keepAlive();

        /** Upper bound, in seconds, of the delay between reconnection attempts. */
        @WithDefault("30")
        int maxReconnectDelay();

        /** Seconds to wait for a connection to be established. */
        @WithDefault("30")
        int connectTimeout();

        /** Trust store for ssl:// URLs (the JVM default trust store when unset). */
        Optional<String> truststorePath();

        Optional<String> truststorePassword();

        @WithDefault("PKCS12")
        String truststoreType();

        /** The service's own certificate and key, for brokers that require mutual TLS. */
        Optional<String> keystorePath();

        Optional<String> keystorePassword();

        @WithDefault("PKCS12")
        String keystoreType();
    }

    interface Registry {
        /** Where gateway registrations and their duplicate-detection state are persisted. */
        @WithDefault("./data/registry")
        String dir();

        /** Gateways that may be registered at once; further new gateways are refused. */
        @WithDefault("1000")
        int maxGateways();
    }

    interface Model {
        /** The model file (JSON written by the training command); without it every batch is rejected with no-model. */
        Optional<String> path();
    }

    interface Scoring {
        /**
         * Return each window's raw score instead of its decision only: the model owner's choice to share
         * scores (they let a gateway reconstruct the model's weights); off by default.
         */
        @WithDefault("false")
        boolean shareScores();

        /** The per-gateway query budget; batches beyond it are refused ({@code over-budget}). */
        Budget budget();

        interface Budget {
            /** Windows one gateway may have scored in any hour. */
            @WithDefault("40000")
            long windowsPerHour();

            /** Windows one gateway may have scored in any 24 hours. */
            @WithDefault("500000")
            long windowsPerDay();
        }
    }

    interface Segments {
        /**
         * The segment model: the centroids file written by {@code workforce-segmentation kmeans --out};
         * without it every segment request is rejected with no-model.
         */
        Optional<String> centroids();

        /** Statistical circuit-privacy bits of the flooding noise added to every answer. */
        @WithDefault("64")
        int securityBits();

        /** Threads evaluating segment requests. */
        @WithDefault("1")
        int workers();

        /** Requests waiting for a worker beyond which new ones are rejected ({@code queue-full}). */
        @WithDefault("64")
        int queueCapacity();

        /** Requests one unit may have queued or in evaluation at once. */
        @WithDefault("8")
        int maxPendingPerUnit();

        /** Request payloads (MQTT envelope or REST body) larger than this are rejected before decoding ({@code oversized}). */
        @WithDefault("4194304")
        int maxRequestBytes();

        /** Units that may be registered at once; further new units are refused ({@code too-many-units}). */
        @WithDefault("1000")
        int maxUnits();
    }

    interface Api {
        /**
         * Bearer tokens by name ({@code smile.api.tokens.NAME.sha256}, {@code .roles}). None: every
         * endpoint except /q/health and /q/metrics answers 401.
         */
        Map<String, Token> tokens();

        interface Token {
            /** Hex SHA-256 of the token's UTF-8 bytes; never the token itself. */
            String sha256();

            /** Any of viewer, operator, unit. */
            List<String> roles();
        }
    }

    interface He {
        /** HE backend name (ServiceLoader). */
        @WithDefault("bgv-java")
        String backend();

        /** Worker threads per HE session; 0 = the backend's default (all cores). */
        @WithDefault("0")
        int threads();
    }

    interface Keys {
        /**
         * MiB of heap for re-expanded evaluation-key rows, shared by all gateways (the keys are held
         * compact: their uniform halves as 32-byte seeds); 0 = re-expand on every key switch.
         */
        @WithDefault("256")
        long expandedCacheMb();
    }

    interface Federation {
        /** Where the results of hosted federations are written (PdM model files, segment centroids). */
        @WithDefault("./data/federation")
        String dir();

        /** Federations that may run at once. */
        @WithDefault("4")
        int maxRunning();

        /** Seconds the coordinator waits for every member to join before it gives up. */
        @WithDefault("600")
        int joinTimeout();

        /** Seconds for each key-generation and threshold-setup phase. */
        @WithDefault("300")
        int keyDeadline();

        /** Seconds members have to contribute to a round; later ones are left out of that round. */
        @WithDefault("60")
        int contributionDeadline();

        /** Seconds the decrypting set has to answer before the coordinator asks another set. */
        @WithDefault("120")
        int decryptionDeadline();
    }
}
