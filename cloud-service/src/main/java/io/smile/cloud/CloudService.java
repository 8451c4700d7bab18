package io.smile.cloud;

import io.smile.cloud.federation.FederationHost;
import io.smile.cloud.mqtt.MqttConnector;
import io.smile.cloud.scoring.CloudEngine;
import io.smile.cloud.scoring.CloudMetrics;
import io.smile.cloud.scoring.GatewayRegistry;
import io.smile.cloud.scoring.ModelRegistry;
import io.smile.cloud.segments.SegmentMetrics;
import io.smile.cloud.segments.SegmentModel;
import io.smile.cloud.segments.SegmentUnits;
import io.smile.cloud.segments.SegmentationEngine;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smile.protocol.MqttTls;
import io.smile.protocol.Topics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.smile.federation.Coordinator;
import java.nio.file.Path;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Starts the service: loads the model, the persisted gateway registrations, the worker pool and the
 * MQTT connection (in the background: the service runs, reporting not ready, until the broker is
 * reachable). Everything the REST resources and health checks need is reached from here.
 */
@Startup
@ApplicationScoped
public class CloudService {
    private static final Logger LOG = Logger.getLogger(CloudService.class);

    @Inject
    SmileConfig config;

    @Inject
    MeterRegistry meterRegistry;

    private CloudEngine engine;
    private MqttConnector mqtt;
    private SegmentationEngine segments;
    private FederationHost federations;

    @PostConstruct
    void start() {
        ModelRegistry models = ModelRegistry.load(config.model().path());
        GatewayRegistry gateways = new GatewayRegistry(new GatewayRegistry.Settings(
                Path.of(config.registry().dir()), config.registry().maxGateways(), config.allowInsecureTestParameters(),
                config.he().backend(), config.he().threads(), config.dedupWindow()), models);
        if (config.allowInsecureTestParameters()) {
            LOG.warn("smile.allow-insecure-test-parameters=true: gateways with INSECURE parameters are accepted (tests only)");
        }
        int workers = config.workers().orElse(Runtime.getRuntime().availableProcessors());
        CloudEngine.Settings limits = new CloudEngine.Settings(Math.max(1, workers), Math.max(1, config.queueCapacity()),
                Math.max(1, config.maxPendingPerGateway()), config.maxBatchBytes(), config.maxRegistrationBytes());
        SmileConfig.Mqtt m = config.mqtt();
        MqttConnector.Settings mqttSettings = new MqttConnector.Settings(m.url(), m.clientId(), m.username(), m.password(),
                m.sharedSubscription(), m.sessionExpiry(), m.keepAlive(), m.maxReconnectDelay(), m.connectTimeout(),
                m.truststorePath().map(path -> new MqttTls.StoreFile(Path.of(path), m.truststoreType(),
                        m.truststorePassword().map(String::toCharArray))),
                m.keystorePath().map(path -> new MqttTls.StoreFile(Path.of(path), m.keystoreType(),
                        m.keystorePassword().map(String::toCharArray))));
        MqttConnector[] connector = new MqttConnector[1];
        engine = new CloudEngine(limits, gateways, models, new CloudMetrics(meterRegistry),
                (topic, payload) -> connector[0].publish(topic, payload));
        engine.loadPersistedAsync();
        SmileConfig.Segments sc = config.segments();
        SegmentModel.Loaded segmentModel = SegmentModel.load(sc.centroids());
        segments = new SegmentationEngine(new SegmentationEngine.Settings(Math.max(1, sc.workers()),
                Math.max(1, sc.queueCapacity()), Math.max(1, sc.maxPendingPerUnit()), sc.maxRequestBytes(),
                config.maxRegistrationBytes()),
                new SegmentUnits(new SegmentUnits.Settings(config.he().backend(), config.he().threads(), sc.maxUnits(),
                        sc.securityBits()), segmentModel.model()),
                segmentModel, new SegmentMetrics(meterRegistry), (topic, payload) -> connector[0].publish(topic, payload));
        mqtt = new MqttConnector(mqttSettings, engine, segments);
        connector[0] = mqtt;
        mqtt.start();
        SmileConfig.Federation fc = config.federation();
        federations = new FederationHost(new FederationHost.Settings(m.url(), mqttSettings.socketFactory(), m.clientId(), Path.of(fc.dir()),
                Math.max(1, fc.maxRunning()), config.he().threads() > 0 ? config.he().threads() : Runtime.getRuntime().availableProcessors(),
                new Coordinator.Settings(Duration.ofSeconds(fc.joinTimeout()),
                        Duration.ofSeconds(fc.keyDeadline()), Duration.ofSeconds(fc.contributionDeadline()),
                        Duration.ofSeconds(fc.decryptionDeadline()), 10_000)), models, segments);
        LOG.infof("SMiLe cloud service: %d worker(s), queue %d, registry %s, broker %s", limits.workers(),
                limits.queueCapacity(), config.registry().dir(), m.url());
    }

    @PreDestroy
    void stop() {
        if (federations != null) {
            federations.close();
        }
        if (mqtt != null) {
            mqtt.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (segments != null) {
            segments.close();
        }
    }

    public SegmentationEngine segments() {
        return segments;
    }

    /** Forgets a unit's segment keys and clears its retained registration on the broker. */
    public boolean deleteSegmentUnit(String id) {
        var u = segments.units().find(id);
        if (u.isEmpty() || !segments.units().remove(id)) {
            return false;
        }
        try {
            mqtt.publishRetained(Topics.segmentKeys(u.get().tenant(), id), new byte[0]);
        } catch (Exception e) {
            LOG.warnf("unit %s removed, but its retained segment registration could not be cleared: %s", id, e.getMessage());
        }
        LOG.infof("unit %s removed from segment assignment", id);
        return true;
    }

    public CloudEngine engine() {
        return engine;
    }

    public FederationHost federations() {
        return federations;
    }

    public MqttConnector mqtt() {
        return mqtt;
    }

    /**
     * Forgets a gateway: its keys, files and duplicate-detection state, and clears its retained
     * registration on the broker so it does not come back at the next start.
     */
    public boolean deleteGateway(String id) {
        var g = engine.gateways().find(id);
        if (g.isEmpty() || !engine.gateways().remove(id)) {
            return false;
        }
        try {
            mqtt.publishRetained(Topics.keys(g.get().tenant(), id), new byte[0]);
        } catch (Exception e) {
            LOG.warnf("gateway %s removed, but its retained registration could not be cleared: %s", id, e.getMessage());
        }
        LOG.infof("gateway %s removed", id);
        return true;
    }
}
