package io.smile.edge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.profiles.Fleet;
import io.smile.profiles.GatewaySpec;
import io.smile.profiles.ProfileLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the agent's settings come from when the fleet file and the command line both speak. */
class EdgeAgentConfigTest {
    private static final Fleet EXAMPLE = new ProfileLoader().loadBuiltinFleet("example-fleet");

    private static Fleet withRead(GatewaySpec.ReadMode read) {
        GatewaySpec g = EXAMPLE.gateways().get(0);
        return new Fleet(EXAMPLE.tenant(), EXAMPLE.broker(),
                List.of(new GatewaySpec(g.id(), g.profile(), g.endpoint(), g.machines(), read)), EXAMPLE.source());
    }

    @Test
    void theFleetsReadModeIsTheDefault() {
        assertTrue(EdgeAgentConfig.builder(withRead(GatewaySpec.ReadMode.PERIODIC), null).build().periodicRead());
        assertFalse(EdgeAgentConfig.builder(withRead(GatewaySpec.ReadMode.SUBSCRIPTION), null).build().periodicRead());
    }

    @Test
    void theBuilderOverridesTheFleet() {
        assertTrue(EdgeAgentConfig.builder(withRead(GatewaySpec.ReadMode.SUBSCRIPTION), null)
                .periodicRead(true).build().periodicRead());
        assertFalse(EdgeAgentConfig.builder(withRead(GatewaySpec.ReadMode.PERIODIC), null)
                .periodicRead(false).build().periodicRead());
    }
}
