package io.smile.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway's {@code read:} in the fleet file: servers that notify only changed values need
 * {@code periodic}, everything else keeps the data-change subscription.
 */
class FleetReadModeTest {
    private final ProfileLoader loader = new ProfileLoader();
    @TempDir
    Path dir;

    private Path fleet(String readLine) throws IOException {
        Path f = dir.resolve("fleet.yaml");
        Files.writeString(f, """
                tenant: t1
                broker:
                  url: tcp://127.0.0.1:1883
                gateways:
                  - id: gw1
                    profile: arm-gateway-small
                    endpoint: opc.tcp://127.0.0.1:4840/smile-sim
                %s    machines:
                      - { id: Mill01, profile: ai4i-milling }
                """.formatted(readLine));
        return f;
    }

    @Test
    void withoutReadTheGatewaySubscribes() throws IOException {
        assertEquals(GatewaySpec.ReadMode.SUBSCRIPTION, loader.loadFleet(fleet("")).gateways().get(0).read());
    }

    @Test
    void readPeriodicAndReadSubscription() throws IOException {
        assertEquals(GatewaySpec.ReadMode.PERIODIC,
                loader.loadFleet(fleet("    read: periodic\n")).gateways().get(0).read());
        assertEquals(GatewaySpec.ReadMode.SUBSCRIPTION,
                loader.loadFleet(fleet("    read: subscription\n")).gateways().get(0).read());
    }

    @Test
    void anotherReadModeIsRefusedWithItsPath() throws IOException {
        Path f = fleet("    read: polling\n");
        ProfileException e = assertThrows(ProfileException.class, () -> loader.loadFleet(f));
        assertTrue(e.errors().stream().anyMatch(err -> err.path().equals("$.gateways[0].read")),
                e::getMessage);
    }

    @Test
    void theShippedExampleFleetSubscribes() {
        assertEquals(GatewaySpec.ReadMode.SUBSCRIPTION,
                loader.loadBuiltinFleet("example-fleet").gateways().get(0).read());
    }
}
