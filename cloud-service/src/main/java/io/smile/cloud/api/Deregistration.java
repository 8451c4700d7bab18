package io.smile.cloud.api;

import io.smile.cloud.mqtt.MqttConnector;
import io.smile.cloud.scoring.GatewayRegistry;
import io.smile.cloud.segments.SegmentationEngine;
import io.smile.protocol.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Forgets a gateway or a unit and clears its retained registration on the broker, so that it does
 * not come back at the next start (the broker would deliver the retained keys again).
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
        try {
            mqtt.publishRetained(Topics.keys(g.get().tenant(), id), new byte[0]);
        } catch (Exception e) {
            LOG.warnf("gateway %s removed, but its retained registration could not be cleared: %s", id, e.getMessage());
        }
        LOG.infof("gateway %s removed", id);
        return true;
    }

    /** Forgets a unit's segment keys. False if unknown. */
    boolean unit(String id) {
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
}
