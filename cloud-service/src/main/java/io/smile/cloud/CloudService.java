package io.smile.cloud;

import io.quarkus.runtime.Startup;
import io.smile.cloud.federation.FederationHost;
import io.smile.cloud.intake.RegistrationIntake;
import io.smile.cloud.mqtt.MqttConnector;
import io.smile.cloud.scoring.CloudEngine;
import io.smile.cloud.segments.SegmentationEngine;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Starts the service at boot: the persisted gateway registrations are loaded in the background and
 * the MQTT connection is opened (also in the background: the service runs, reporting not ready,
 * until the broker is reachable). At shutdown it closes the parts in the order that lets messages
 * in flight finish: federations, the MQTT connection, then the engines and the intake.
 */
@Startup
@ApplicationScoped
public class CloudService {
    private static final Logger LOG = Logger.getLogger(CloudService.class);

    @Inject
    SmileConfig config;

    @Inject
    CloudEngine engine;

    @Inject
    SegmentationEngine segments;

    @Inject
    RegistrationIntake registrations;

    @Inject
    MqttConnector mqtt;

    @Inject
    FederationHost federations;

    @PostConstruct
    void start() {
        engine.loadPersistedAsync();
        mqtt.start();
        LOG.infof("SMiLe cloud service: %d worker(s), queue %d, registry %s, broker %s",
                Math.max(1, config.workers().orElse(Runtime.getRuntime().availableProcessors())),
                Math.max(1, config.queueCapacity()), config.registry().dir(), config.mqtt().url());
    }

    @PreDestroy
    void stop() {
        federations.close();
        mqtt.close();
        engine.close();
        segments.close();
        registrations.close();
    }

    public CloudEngine engine() {
        return engine;
    }

    public SegmentationEngine segments() {
        return segments;
    }

    public FederationHost federations() {
        return federations;
    }

    public MqttConnector mqtt() {
        return mqtt;
    }
}
