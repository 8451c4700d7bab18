package io.smile.cloud.api;

import io.smile.cloud.mqtt.MqttConnector;
import io.smile.cloud.scoring.GatewayRegistry;
import io.smile.cloud.scoring.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** SmallRye Health checks: /q/health/live and /q/health/ready. */
public final class HealthChecks {
    private HealthChecks() {
    }

    /**
     * Ready when the MQTT session is connected and every subscription was granted on this connection: down
     * while it reconnects (a session that keeps being dropped is down nearly all the time, and rebuilds its
     * client after a few such connections); the data says how often it lost the connection and rebuilt.
     */
    @Readiness
    @ApplicationScoped
    public static class Mqtt implements HealthCheck {
        @Inject
        MqttConnector mqtt;

        @Override
        public HealthCheckResponse call() {
            var c = mqtt.counters();
            return HealthCheckResponse.named("mqtt").status(mqtt.isConnected()).withData("broker", mqtt.url())
                    .withData("connections", c.connections()).withData("connectionLosses", c.connectionLosses())
                    .withData("clientRebuilds", c.clientRebuilds()).withData("pendingPublishes", mqtt.pendingPublishes())
                    .build();
        }
    }

    /** Ready when a model is loaded (otherwise every batch is rejected with no-model). */
    @Readiness
    @ApplicationScoped
    public static class Model implements HealthCheck {
        @Inject
        ModelRegistry models;

        @Override
        public HealthCheckResponse call() {
            var b = HealthCheckResponse.named("model").status(models.isLoaded());
            if (models.isLoaded()) {
                models.all().forEach(m -> b.withData(m.id(), "version " + m.version()));
            } else {
                b.withData("problem", models.problem().orElse("no model"));
            }
            return b.build();
        }
    }

    /** Alive while the service answers: its registries exist (made at start). */
    @Liveness
    @ApplicationScoped
    public static class Alive implements HealthCheck {
        @Inject
        GatewayRegistry gateways;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("smile-cloud").up().withData("gateways", gateways.size()).build();
        }
    }
}
