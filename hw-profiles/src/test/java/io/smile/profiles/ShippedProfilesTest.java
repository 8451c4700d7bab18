package io.smile.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smile.he.api.HePreset;
import io.smile.he.api.HeSecurityStandard;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippedProfilesTest {
    private final ProfileLoader loader = new ProfileLoader();

    @Test
    void exampleFleetLoadsWithEightMachinesOnTheSmallGateway() {
        Fleet fleet = loader.loadBuiltinFleet("example-fleet");
        assertEquals("demo-milling", fleet.tenant());
        assertEquals("tcp", fleet.broker().url().getScheme());
        assertFalse(fleet.broker().usesTls());
        assertEquals(1, fleet.gateways().size());
        GatewaySpec gw = fleet.gateways().get(0);
        assertEquals("gw-hall-a", gw.id());
        assertEquals("arm-gateway-small", gw.profile().id());
        assertEquals("opc.tcp://127.0.0.1:4840/smile-sim", gw.endpoint().toString());
        assertEquals(8, gw.machines().size());
        assertEquals(1, gw.ciphertextsPerWindow());
        assertEquals("ns=2;s=Mill03/Torque", gw.machines().get(2).nodeId(gw.machines().get(2).profile()
                .sensor("torque").orElseThrow()));
        assertEquals("H", fleet.machine("Mill08").orElseThrow().attributes().get("type"));
        assertTrue(fleet.machine("Mill01").orElseThrow().attributes().isEmpty());
    }

    @Test
    void ai4iMachineProfileDescribesTheFiveSensorsAndDerivedFeatures() {
        MachineProfile p = loader.builtinMachineProfile("ai4i-milling");
        assertEquals(List.of("air_temperature", "process_temperature", "rotational_speed", "torque", "tool_wear"),
                p.sensors().stream().map(SensorSpec::name).toList());
        assertEquals(List.of("K", "K", "rpm", "Nm", "min"), p.sensors().stream().map(SensorSpec::unit).toList());
        assertEquals("urn:smile:machines:ai4i-milling", p.opcua().namespaceUri());
        assertEquals(2, p.opcua().namespaceIndex());
        SensorSpec air = p.sensor("air_temperature").orElseThrow();
        assertEquals(10, air.scale());
        assertEquals(3001L, air.encode(300.1));
        assertEquals(300.1, air.decode(3001L), 1e-12);
        assertEquals("ns=2;s=Mill01/AirTemperature", air.nodeId().nodeIdFor("Mill01"));
        assertEquals(List.of("L", "M", "H"), p.attribute("type").orElseThrow().values());
        assertEquals(Set.of("TWF", "HDF", "PWF", "OSF", "RNF"), p.labels().orElseThrow().modes().keySet());
        assertEquals("ns=2;s=Mill01/Sequence", p.opcua().sequenceNode().orElseThrow().nodeIdFor("Mill01"));

        WindowSpec w = p.window();
        assertEquals(1, w.length());
        assertEquals(4, w.resolution());
        assertEquals(15, w.clip());
        DerivedSignal powerSignal = w.derived("power_w").orElseThrow();
        assertEquals(40.0 * 1500 * 2 * Math.PI / 60, powerSignal.apply(40.0, 1500), 1e-9);
        assertEquals(8.5, w.derived("temp_diff").orElseThrow().apply(308.6, 300.1), 1e-9);
        assertEquals(200.0 * 50.0, w.derived("wear_torque").orElseThrow().apply(200, 50), 1e-9);
        // interval arithmetic over the sensor ranges: torque [0,100] Nm x speed [1000,3000] rpm
        assertEquals(100 * 3000 * 2 * Math.PI / 60, powerSignal.range().max(), 1e-6);
        assertEquals(new ValueRange(-10, 30), w.derived("temp_diff").orElseThrow().range());
        assertEquals(7, p.featureCount());
        FeatureSpec power = w.feature("power_w").orElseThrow();
        assertEquals(6400, power.center(), 0);
        assertEquals(1200, power.spread(), 0);
        assertEquals("type", w.feature("quality_type").orElseThrow().source());
        assertEquals(2.5, Aggregate.MEAN.apply(new double[] {1, 2, 3, 4}), 0);
        assertEquals(4, Aggregate.LAST.apply(new double[] {1, 2, 3, 4}), 0);
    }

    @Test
    void gatewayProfilesMapToPresetsThatFitTheirBatches() {
        GatewayProfile small = loader.builtinGatewayProfile("arm-gateway-small");
        assertEquals(2, small.cores());
        assertEquals(2048, small.memoryMb());
        assertTrue(small.bgv().isCustom());
        assertEquals(1_099_510_054_913L, small.bgv().plainModulus());
        assertEquals(16384, small.bgv().slots());
        assertEquals(421, small.bgv().totalModulusBits());
        assertEquals(2048, small.machinesPerCiphertext());
        GatewayProfile big = loader.builtinGatewayProfile("x86-edge-server");
        assertEquals("x86_64", big.arch().orElseThrow());
        assertTrue(big.cores() > small.cores());
        for (HePreset p : HePreset.values()) {
            BgvSpec spec = BgvSpec.of(p);
            assertTrue(spec.totalModulusBits() <= HeSecurityStandard.maxLog2QP128(p.degree()), p.name());
            assertEquals(p.modulusBits(), spec.totalModulusBits(), p.name());
            assertEquals(p.ciphertextPrimeBits(), spec.ciphertextPrimeBits(), p.name());
            assertEquals(p.specialPrimeBits(), spec.specialPrimeBits(), p.name());
            assertEquals(HePreset.PLAIN_MODULUS, spec.plainModulus(), p.name());
        }
    }

    /** The gateway schema's list of preset names is the he-api presets, in order. */
    @Test
    void gatewaySchemaOffersExactlyTheHeApiPresets() throws IOException {
        try (InputStream in = ProfileLoader.class.getClassLoader().getResourceAsStream("schemas/gateway-profile.schema.json")) {
            JsonNode preset = new ObjectMapper().readTree(in).at("/properties/bgv/properties/preset/enum");
            List<String> names = new java.util.ArrayList<>();
            preset.forEach(n -> names.add(n.asText()));
            assertEquals(Stream.of(HePreset.values()).map(Enum::name).toList(), names);
        }
    }

    /** The BUILTIN_* lists are what the classpath directories hold, and every listed file loads. */
    @Test
    void builtinListsMatchTheShippedFiles() throws IOException, URISyntaxException {
        assertEquals(new TreeSet<>(ProfileLoader.BUILTIN_MACHINE_PROFILES), listed("machines"));
        assertEquals(new TreeSet<>(ProfileLoader.BUILTIN_GATEWAY_PROFILES), listed("gateways"));
        assertEquals(new TreeSet<>(ProfileLoader.BUILTIN_FLEETS), listed("fleets"));
        ProfileLoader.BUILTIN_MACHINE_PROFILES.forEach(loader::builtinMachineProfile);
        ProfileLoader.BUILTIN_GATEWAY_PROFILES.forEach(loader::builtinGatewayProfile);
        ProfileLoader.BUILTIN_FLEETS.forEach(loader::loadBuiltinFleet);
    }

    private static Set<String> listed(String dir) throws IOException, URISyntaxException {
        URL url = ProfileLoader.class.getClassLoader().getResource("profiles/" + dir);
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.map(f -> f.getFileName().toString().replace(".yaml", ""))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** A fleet on disk picks up profiles from machines/ and gateways/ next to it before the built-ins. */
    @Test
    void fleetFileResolvesProfilesNextToItFirst(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("machines"));
        String builtin = read("profiles/machines/ai4i-milling.yaml");
        Files.writeString(dir.resolve("machines/my-mill.yaml"), builtin.replace("id: ai4i-milling", "id: my-mill")
                .replace("length: 1\n", "length: 25\n"));
        Files.writeString(dir.resolve("fleet.yaml"), """
                tenant: t1
                broker:
                  url: ssl://broker.local:8883
                  tls: { truststore: certs/trust.p12, truststorePasswordEnv: TRUST_PW, keystore: "certs/{gateway}.p12",
                         keystoreType: JKS, keystorePasswordFile: "certs/{gateway}.pass" }
                gateways:
                  - id: gw1
                    profile: x86-edge-server
                    endpoint: opc.tcp://sim:4840/smile-sim
                    machines:
                      - { id: A1, profile: my-mill }
                      - { id: A2, profile: ai4i-milling }
                """);
        Fleet fleet = loader.loadFleet(dir.resolve("fleet.yaml"));
        assertEquals(25, fleet.machine("A1").orElseThrow().profile().window().length());
        assertEquals(1, fleet.machine("A2").orElseThrow().profile().window().length());
        assertTrue(fleet.machine("A1").orElseThrow().profile().source().endsWith("my-mill.yaml"));
        assertTrue(fleet.broker().usesTls());
        TlsSettings tls = fleet.broker().tls().orElseThrow();
        assertEquals(dir.toAbsolutePath().resolve("certs/trust.p12").normalize(), tls.truststore());
        assertEquals("PKCS12", tls.truststoreType());
        assertEquals(new TlsSettings.PasswordEnv("TRUST_PW"), tls.truststorePassword().orElseThrow());
        assertEquals(dir.toAbsolutePath().resolve("certs/gw1.p12").normalize(), tls.keystoreFor("gw1").orElseThrow());
        assertEquals("JKS", tls.keystoreType());
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/gw1.pass"), "s3cret\nignored\n");
        assertEquals("s3cret", new String(tls.keystorePassword().orElseThrow().read("gw1")));
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> tls.keystorePassword().get().read("gw2"));
        assertTrue(missing.getMessage().contains("gw2.pass"), missing.getMessage());
    }

    static String read(String resource) throws IOException {
        try (InputStream in = ProfileLoader.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
