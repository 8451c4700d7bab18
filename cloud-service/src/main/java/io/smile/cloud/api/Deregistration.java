package io.smile.cloud.api;

import io.smile.cloud.mqtt.MqttConnector;
import io.smile.cloud.scoring.GatewayRegistry;
import io.smile.cloud.segments.SegmentationEngine;
import io.smile.protocol.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Forgets a gateway or a unit and clears its retained registration (and a gateway's retained
 * status) on the broker, so that it does not come back at the next start (the broker would deliver
 * the retained keys again).
 */
@ApplicationScoped
class Deregistration {
    private static final Logger LOG = Logger.getLogger(Deregistration.class);

    @Inject
    GatewayRegistry gateways;

    @Inject
    SegmentationEngine segments;

    @Inject
    MqttConnector mqtt;

    /** Forgets a gateway: its keys, files and duplicate-detection state. False if unknown. */
    boolean gateway(String id) {
        var g = gateways.find(id);
        if (g.isEmpty() || !gateways.remove(id)) {
            return false;
        }
        clearRetained(Topics.keys(g.get().tenant(), id), "gateway " + id, "registration");
        // its status said "registered": the gateway learns it is gone from its next batch's refusal
        clearRetained(Topics.status(g.get().tenant(), id), "gateway " + id, "status");
        LOG.infof("gateway %s removed", id);
        return true;
    }

    /** Forgets a unit's segment keys. False if unknown. */
    boolean unit(String id) {
        var u = segments.units().find(id);
        if (u.isEmpty() || !segments.units().remove(id)) {
            return false;
        }
        clearRetained(Topics.segmentKeys(u.get().tenant(), id), "unit " + id, "segment registration");
        LOG.infof("unit %s removed from segment assignment", id);
        return true;
    }

    /** Publishes the empty retained message; a failure (now or at the PUBACK) is logged, the removal stands. */
    private void clearRetained(String topic, String who, String what) {
        try {
            mqtt.publishRetained(topic, new byte[0]).whenComplete((ok, e) -> {
                if (e != null) {
                    LOG.warnf("%s removed, but its retained %s could not be cleared: %s", who, what, e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("%s removed, but its retained %s could not be cleared: %s", who, what, e.getMessage());
        }
    }
}
