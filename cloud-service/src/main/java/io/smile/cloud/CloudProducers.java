package io.smile.cloud;

import io.micrometer.core.instrument.MeterRegistry;
import io.smile.cloud.federation.FederationHost;
import io.smile.cloud.intake.Outbox;
import io.smile.cloud.intake.Publisher;
import io.smile.cloud.intake.RegistrationIntake;
import io.smile.cloud.mqtt.MqttConnector;
import io.smile.cloud.scoring.CloudEngine;
import io.smile.cloud.scoring.CloudMetrics;
import io.smile.cloud.scoring.GatewayRegistry;
import io.smile.cloud.scoring.ModelRegistry;
import io.smile.cloud.scoring.QueryBudget;
import io.smile.pdm.model.EncryptedScorer;
import io.smile.cloud.segments.SegmentMetrics;
import io.smile.cloud.segments.SegmentModel;
import io.smile.cloud.segments.SegmentUnits;
import io.smile.cloud.segments.SegmentationEngine;
import io.smile.federation.Coordinator;
import io.smile.protocol.MqttTls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Makes the service's parts beans from {@link SmileConfig}: registries, engines, the shared key
 * registration intake, the MQTT connection and the federation host. The classes themselves know
 * nothing of CDI (their tests build them directly). {@link CloudService} starts and stops them.
 */
@ApplicationScoped
public class CloudProducers {
    private static final Logger LOG = Logger.getLogger(CloudProducers.class);

    @Produces
    @ApplicationScoped
    ModelRegistry models(SmileConfig config) {
        return ModelRegistry.load(config.model().path());
    }

    @Produces
    @ApplicationScoped
    GatewayRegistry gateways(SmileConfig config, ModelRegistry models) {
        if (config.allowInsecureTestParameters()) {
            LOG.warn("smile.allow-insecure-test-parameters=true: gateways with INSECURE parameters are accepted (tests only)");
        }
        return new GatewayRegistry(new GatewayRegistry.Settings(Path.of(config.registry().dir()),
                config.registry().maxGateways(), config.allowInsecureTestParameters(), config.he().backend(),
                config.he().threads(), config.dedupWindow(), new QueryBudget.Limits(
                        config.scoring().budget().windowsPerHour(), config.scoring().budget().windowsPerDay()),
                Math.multiplyExact(config.keys().expandedCacheMb(), 1L << 20)), models);
    }

    @Produces
    @ApplicationScoped
    CloudMetrics cloudMetrics(MeterRegistry registry) {
        return new CloudMetrics(registry);
    }

    @Produces
    @ApplicationScoped
    SegmentMetrics segmentMetrics(MeterRegistry registry) {
        return new SegmentMetrics(registry);
    }

    /** Gateway and unit keys alike. */
    @Produces
    @ApplicationScoped
    RegistrationIntake registrations(SmileConfig config) {
        return new RegistrationIntake(config.maxRegistrationBytes());
    }

    /**
     * Answers go out on the MQTT connection, looked up when the first is sent (the connection needs the engines
     * first), from the outbox's own thread: a worker hands its answer over and never waits for the MQTT client.
     */
    @Produces
    @ApplicationScoped
    Publisher publisher(Provider<MqttConnector> mqtt) {
        Publisher toMqtt = new Publisher() {
            @Override
            public void publish(String topic, byte[] payload) {
                mqtt.get().publish(topic, payload);
            }

            @Override
            public void publishRetained(String topic, byte[] payload) {
                mqtt.get().publishRetainedNoWait(topic, payload); // gateway statuses
            }
        };
        return new Outbox(toMqtt, OUTBOX_MESSAGES, OUTBOX_BYTES, "smile-publish");
    }

    /** Answers waiting for the MQTT client at most (results are tens to hundreds of kB). */
    static final int OUTBOX_MESSAGES = 4096;
    static final long OUTBOX_BYTES = 256L << 20;

    void closeOutbox(@Disposes Publisher publisher) {
        if (publisher instanceof Outbox o) {
            o.close();
        }
    }

    @Produces
    @ApplicationScoped
    CloudEngine engine(SmileConfig config, GatewayRegistry gateways, ModelRegistry models, CloudMetrics metrics,
                       Publisher publisher, RegistrationIntake registrations) {
        int workers = config.workers().orElse(Runtime.getRuntime().availableProcessors());
        if (config.scoring().shareScores()) {
            LOG.warn("smile.scoring.share-scores=true: gateways get raw scores, from which they can reconstruct the model's weights");
        }
        CloudEngine.Settings limits = new CloudEngine.Settings(Math.max(1, workers), Math.max(1, config.queueCapacity()),
                Math.max(1, config.maxPendingPerGateway()), config.maxBatchBytes(), config.maxRegistrationBytes(),
                config.scoring().shareScores() ? EncryptedScorer.Output.SCORE : EncryptedScorer.Output.DECISION);
        return new CloudEngine(limits, gateways, models, metrics, publisher, registrations);
    }

    @Produces
    @ApplicationScoped
    SegmentationEngine segments(SmileConfig config, SegmentMetrics metrics, Publisher publisher,
                                RegistrationIntake registrations) {
        SmileConfig.Segments sc = config.segments();
        SegmentModel.Loaded model = SegmentModel.load(sc.centroids());
        SegmentUnits units = new SegmentUnits(new SegmentUnits.Settings(config.he().backend(), config.he().threads(),
                sc.maxUnits(), sc.securityBits()), model.model());
        return new SegmentationEngine(new SegmentationEngine.Settings(Math.max(1, sc.workers()),
                Math.max(1, sc.queueCapacity()), Math.max(1, sc.maxPendingPerUnit()), sc.maxRequestBytes(),
                config.maxRegistrationBytes()), units, model, metrics, publisher, registrations);
    }

    @Produces
    @Singleton
    MqttConnector.Settings mqttSettings(SmileConfig config) {
        SmileConfig.Mqtt m = config.mqtt();
        return new MqttConnector.Settings(m.url(), m.clientId(), m.username(), m.password(),
                m.sharedSubscription(), m.sessionExpiry(), m.keepAlive(), m.maxReconnectDelay(), m.connectTimeout(),
                m.truststorePath().map(path -> new MqttTls.StoreFile(Path.of(path), m.truststoreType(),
                        m.truststorePassword().map(String::toCharArray))),
                m.keystorePath().map(path -> new MqttTls.StoreFile(Path.of(path), m.keystoreType(),
                        m.keystorePassword().map(String::toCharArray))));
    }

    /** Not connected yet: {@link CloudService} starts it once everything it hands messages to exists. */
    @Produces
    @ApplicationScoped
    MqttConnector mqtt(MqttConnector.Settings settings, CloudEngine engine, SegmentationEngine segments) {
        return new MqttConnector(settings, engine, segments);
    }

    @Produces
    @ApplicationScoped
    FederationHost federations(SmileConfig config, MqttConnector.Settings mqtt, ModelRegistry models,
                               SegmentationEngine segments) {
        SmileConfig.Federation fc = config.federation();
        return new FederationHost(new FederationHost.Settings(mqtt.url(), mqtt.socketFactory(), mqtt.clientId(),
                Path.of(fc.dir()), Math.max(1, fc.maxRunning()),
                config.he().threads() > 0 ? config.he().threads() : Runtime.getRuntime().availableProcessors(),
                new Coordinator.Settings(Duration.ofSeconds(fc.joinTimeout()), Duration.ofSeconds(fc.keyDeadline()),
                        Duration.ofSeconds(fc.contributionDeadline()), Duration.ofSeconds(fc.decryptionDeadline()),
                        10_000)), models, segments);
    }
}
