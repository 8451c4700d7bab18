package io.smile.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** One test per kind of mistake; each asserts the message names the file, the JSON path and the problem. */
class ProfileErrorsTest {
    private final ProfileLoader loader = new ProfileLoader();
    @TempDir
    Path dir;
    private String mill;
    private String gateway;

    private static final String FLEET = """
            tenant: t1
            broker:
              url: tcp://127.0.0.1:1883
            gateways:
              - id: gw1
                profile: arm-gateway-small
                endpoint: opc.tcp://127.0.0.1:4840/smile-sim
                machines:
                  - { id: Mill01, profile: ai4i-milling }
                  - { id: Mill02, profile: ai4i-milling }
                  - { id: Mill03, profile: ai4i-milling }
            """;

    @BeforeEach
    void readShipped() throws IOException {
        mill = ShippedProfilesTest.read("profiles/machines/ai4i-milling.yaml");
        // the error tests start from a preset-based variant of the shipped small gateway
        gateway = ShippedProfilesTest.read("profiles/gateways/arm-gateway-small.yaml")
                .replaceAll("(?s)bgv:\n.*?\nmachinesPerCiphertext: \\d+[^\n]*", "bgv:\n  preset: N8192_DEPTH3\nmachinesPerCiphertext: 8 ");
    }

    /** Asserts that loading fails and that one reported problem is exactly file: path: message. */
    private static ProfileException assertProblem(Executable load, String file, String path, String messagePart) {
        ProfileException e = assertThrows(ProfileException.class, load);
        boolean found = e.errors().stream().anyMatch(err -> err.file().endsWith(file) && err.path().equals(path)
                && err.message().contains(messagePart));
        assertTrue(found, () -> "expected '" + file + ": " + path + ": ..." + messagePart + "...' among:\n"
                + e.errors().stream().map(ProfileError::toString).collect(Collectors.joining("\n")));
        assertTrue(e.getMessage().contains(file + ": " + path + ": "), e.getMessage());
        return e;
    }

    private Path write(String relative, String text) throws IOException {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private Path fleet(String text) throws IOException {
        return write("fleet.yaml", text);
    }

    // --- missing field -----------------------------------------------------------------------

    @Test
    void missingFieldIsNamedByItsPath() throws IOException {
        Path p = write("machines/ai4i-milling.yaml",
                mill.replace("  namespaceUri: \"urn:smile:machines:ai4i-milling\"\n", ""));
        assertProblem(() -> loader.loadMachineProfile(p), "ai4i-milling.yaml", "$.opcua.namespaceUri",
                "required field is missing");
        // through a fleet, the broken local profile is reported with its own file name, the fleet points to it
        ProfileException e = assertProblem(() -> loader.loadFleet(fleet(FLEET)), "machines/ai4i-milling.yaml",
                "$.opcua.namespaceUri", "required field is missing");
        assertTrue(e.getMessage().contains("fleet.yaml: $.gateways[0].machines[0].profile: machine profile"
                + " 'ai4i-milling' is invalid"), e.getMessage());
    }

    @Test
    void missingGatewayEndpoint() throws IOException {
        Path f = fleet(FLEET.replace("    endpoint: opc.tcp://127.0.0.1:4840/smile-sim\n", ""));
        assertProblem(() -> loader.loadFleet(f), "fleet.yaml", "$.gateways[0].endpoint", "required field is missing");
    }

    @Test
    void unknownFieldIsRejected() throws IOException {
        Path f = fleet(FLEET.replace("  url: tcp", "  ulr: tcp"));
        ProfileException e = assertProblem(() -> loader.loadFleet(f), "fleet.yaml", "$.broker.ulr", "unknown field");
        assertTrue(e.getMessage().contains("fleet.yaml: $.broker.url: required field is missing"), e.getMessage());
    }

    // --- wrong type ----------------------------------------------------------------------------

    @Test
    void wrongTypeIsNamedWithExpectedType() throws IOException {
        Path p = write("m/ai4i-milling.yaml", mill.replace("scale: 1             # 1 rpm", "scale: ten"));
        assertProblem(() -> loader.loadMachineProfile(p), "ai4i-milling.yaml", "$.opcua.sensors[2].scale",
                "string found, integer expected");
        Path f = fleet(FLEET.replace("{ id: Mill02, profile: ai4i-milling }", "{ id: Mill02, profile: [a, b] }"));
        assertProblem(() -> loader.loadFleet(f), "fleet.yaml", "$.gateways[0].machines[1].profile",
                "array found, string expected");
    }

    @Test
    void nonPositiveScaleIsRejected() throws IOException {
        Path p = write("m/ai4i-milling.yaml", mill.replace("scale: 10            # 0.1 Nm", "scale: 0"));
        assertProblem(() -> loader.loadMachineProfile(p), "ai4i-milling.yaml", "$.opcua.sensors[3].scale", "0");
    }

    // --- unknown profile -----------------------------------------------------------------------

    @Test
    void unknownMachineProfile() throws IOException {
        Path f = fleet(FLEET.replace("{ id: Mill03, profile: ai4i-milling }", "{ id: Mill03, profile: ai4i-mill }"));
        ProfileException e = assertProblem(() -> loader.loadFleet(f), "fleet.yaml",
                "$.gateways[0].machines[2].profile", "unknown machine profile 'ai4i-mill'");
        assertTrue(e.getMessage().contains("fleet.yaml: $.gateways[0].machines[2].profile: unknown machine profile"
                + " 'ai4i-mill' (known: [ai4i-milling, centrifugal-pump])"), e.getMessage());
    }

    @Test
    void unknownGatewayProfile() throws IOException {
        Path f = fleet(FLEET.replace("profile: arm-gateway-small", "profile: arm-gw"));
        assertProblem(() -> loader.loadFleet(f), "fleet.yaml", "$.gateways[0].profile",
                "unknown gateway profile 'arm-gw' (known: [arm-gateway-small, x86-edge-server])");
    }

    @Test
    void unknownSourceOfAFeatureAndUnknownAttributeValue() throws IOException {
        Path p = write("m/ai4i-milling.yaml", mill.replace("source: torque, aggregate: last",
                "source: torq, aggregate: last"));
        assertProblem(() -> loader.loadMachineProfile(p), "ai4i-milling.yaml", "$.window.features[2].source",
                "unknown sensor, derived signal or attribute 'torq'");
        Path f = fleet(FLEET.replace("{ id: Mill02, profile: ai4i-milling }",
                "{ id: Mill02, profile: ai4i-milling, attributes: { type: X } }"));
        assertProblem(() -> loader.loadFleet(f), "fleet.yaml", "$.gateways[0].machines[1].attributes.type",
                "value 'X' is not one of [L, M, H]");
    }

    // --- duplicate id --------------------------------------------------------------------------

    @Test
    void duplicateMachineIdAcrossGateways() throws IOException {
        Path f = fleet(FLEET + """
                  - id: gw2
                    profile: x86-edge-server
                    endpoint: opc.tcp://127.0.0.1:4841
                    machines:
                      - { id: Mill02, profile: ai4i-milling }
                """);
        assertProblem(() -> loader.loadFleet(f), "fleet.yaml", "$.gateways[1].machines[0].id",
                "duplicate machine id 'Mill02' (first at $.gateways[0].machines[1].id)");
    }

    @Test
    void duplicateSensorNameAndDuplicateYamlKey() throws IOException {
        Path p = write("m/ai4i-milling.yaml", mill.replace("- name: tool_wear", "- name: torque"));
        assertProblem(() -> loader.loadMachineProfile(p), "ai4i-milling.yaml", "$.opcua.sensors[4].name",
                "duplicate sensor name 'torque' (first at $.opcua.sensors[3].name)");
        Path f = fleet(FLEET.replace("tenant: t1\n", "tenant: t1\ntenant: t2\n"));
        assertProblem(() -> loader.loadFleet(f), "fleet.yaml", "$", "Duplicate field 'tenant'");
    }

    // --- bad range -----------------------------------------------------------------------------

    @Test
    void rangeMinMustBeBelowMax() throws IOException {
        Path p = write("m/ai4i-milling.yaml", mill.replace("range: [300.0, 320.0]", "range: [320.0, 300.0]"));
        assertProblem(() -> loader.loadMachineProfile(p), "ai4i-milling.yaml", "$.opcua.sensors[1].range",
                "range min (320.0) must be less than max (300.0)");
        Path q = write("m2/ai4i-milling.yaml", mill.replace("range: [300.0, 320.0]", "range: [300.0]"));
        assertProblem(() -> loader.loadMachineProfile(q), "ai4i-milling.yaml", "$.opcua.sensors[1].range",
                "2");
    }

    // --- bad URL -------------------------------------------------------------------------------

    @Test
    void brokerUrlMustBeTcpOrSsl() throws IOException {
        Path f = fleet(FLEET.replace("tcp://127.0.0.1:1883", "http://127.0.0.1:1883"));
        assertProblem(() -> loader.loadFleet(f), "fleet.yaml", "$.broker.url",
                "must be an MQTT broker URL tcp://host:port or ssl://host:port (value: \"http://127.0.0.1:1883\")");
    }

    @Test
    void endpointUrlNeedsOpcTcpAndAValidPort() throws IOException {
        Path f = fleet(FLEET.replace("opc.tcp://127.0.0.1:4840/smile-sim", "opc.tcp://127.0.0.1/smile-sim"));
        assertProblem(() -> loader.loadFleet(f), "fleet.yaml", "$.gateways[0].endpoint",
                "must be an OPC UA endpoint URL opc.tcp://host:port[/path]");
        Path g = fleet(FLEET.replace("opc.tcp://127.0.0.1:4840/smile-sim", "opc.tcp://127.0.0.1:99999/smile-sim"));
        assertProblem(() -> loader.loadFleet(g), "fleet.yaml", "$.gateways[0].endpoint", "port must be in 1..65535");
    }

    @Test
    void tlsSettingsNeedAnSslBroker() throws IOException {
        Path f = fleet(FLEET.replace("  url: tcp://127.0.0.1:1883\n",
                "  url: tcp://127.0.0.1:1883\n  tls: { truststore: trust.p12 }\n"));
        assertProblem(() -> loader.loadFleet(f), "fleet.yaml", "$.broker.tls", "TLS settings need an ssl:// broker url");
    }

    @Test
    void tlsPasswordsComeFromOnePlaceAndNeedTheirStore() throws IOException {
        Path f = fleet(FLEET.replace("  url: tcp://127.0.0.1:1883\n", "  url: ssl://127.0.0.1:8883\n"
                + "  tls: { truststore: trust.p12, truststorePasswordEnv: PW, truststorePasswordFile: pw.txt }\n"));
        assertProblem(() -> loader.loadFleet(f), "fleet.yaml", "$.broker.tls",
                "give truststorePasswordEnv or truststorePasswordFile, not both");
        Path g = fleet(FLEET.replace("  url: tcp://127.0.0.1:1883\n", "  url: ssl://127.0.0.1:8883\n"
                + "  tls: { truststore: trust.p12, keystorePasswordFile: pw.txt }\n"));
        assertProblem(() -> loader.loadFleet(g), "fleet.yaml", "$.broker.tls", "a keystore password is given but no keystore");
    }

    // --- capacity and parameters ---------------------------------------------------------------

    @Test
    void batchMustFitTheSlots() throws IOException {
        Path g = write("gateways/arm-gateway-small.yaml", gateway.replace("preset: N8192_DEPTH3",
                "custom: { degree: 1024, plainModulus: 12289, ciphertextPrimeBits: [27], specialPrimeBits: [20] }"));
        // 12289 = 12*1024+1 is prime; 27+20 bits exceed the 27-bit bound for N = 1024
        assertProblem(() -> loader.loadGatewayProfile(g), "arm-gateway-small.yaml", "$.bgv.custom",
                "exceeds the 128-bit security bound of 27 bits");
        Path g2 = write("gateways/arm-gateway-small.yaml", gateway
                .replace("preset: N8192_DEPTH3", "preset: N4096_DEPTH1")
                .replace("machinesPerCiphertext: 8 ", "machinesPerCiphertext: 5000 "));
        assertProblem(() -> loader.loadGatewayProfile(g2), "arm-gateway-small.yaml", "$.machinesPerCiphertext",
                "batch size 5000 exceeds the 4096 slots");
        // 600 machines x 8-slot blocks (7 features + constant) = 4800 > 4096 slots: only visible
        // once the fleet combines the two
        write("gateways/arm-gateway-small.yaml", gateway.replace("preset: N8192_DEPTH3", "preset: N4096_DEPTH1")
                .replace("machinesPerCiphertext: 8 ", "machinesPerCiphertext: 600 "));
        assertProblem(() -> loader.loadFleet(fleet(FLEET)), "fleet.yaml", "$.gateways[0].machines[0].profile",
                "needs 4800 slots, but a ciphertext has 4096");
    }

    @Test
    void customPlainModulusMustAllowBatching() throws IOException {
        Path g = write("gateways/arm-gateway-small.yaml", gateway.replace("preset: N8192_DEPTH3",
                "custom: { degree: 8192, plainModulus: 65537, ciphertextPrimeBits: [50, 50], specialPrimeBits: [50] }"));
        assertEquals(8192, loader.loadGatewayProfile(g).bgv().slots());
        Path bad = write("gateways/arm-gateway-small.yaml", gateway.replace("preset: N8192_DEPTH3",
                "custom: { degree: 8192, plainModulus: 40961, ciphertextPrimeBits: [50, 50], specialPrimeBits: [50] }"));
        assertProblem(() -> loader.loadGatewayProfile(bad), "arm-gateway-small.yaml", "$.bgv.custom.plainModulus",
                "not 1 mod 2N = 16384");
        Path both = write("gateways/arm-gateway-small.yaml", gateway.replace("preset: N8192_DEPTH3",
                "preset: N8192_DEPTH3\n  custom: { degree: 8192, plainModulus: 65537, ciphertextPrimeBits: [50],"
                        + " specialPrimeBits: [50] }"));
        assertProblem(() -> loader.loadGatewayProfile(both), "arm-gateway-small.yaml", "$.bgv", "exactly one of");
        Path unknown = write("gateways/arm-gateway-small.yaml", gateway.replace("N8192_DEPTH3", "N8192_DEPTH4"));
        assertProblem(() -> loader.loadGatewayProfile(unknown), "arm-gateway-small.yaml", "$.bgv.preset",
                "N8192_DEPTH4");
    }

    @Test
    void quantizedFeaturesMustFitThePlaintextModulus() throws IOException {
        // slot values lie in [-clip, clip]; a clip of 100000 overflows t = 65537
        write("gateways/arm-gateway-small.yaml", gateway);
        write("machines/ai4i-milling.yaml", mill.replace("quantization: { resolution: 4, clip: 15 }",
                "quantization: { resolution: 4, clip: 100000 }"));
        assertProblem(() -> loader.loadFleet(fleet(FLEET)), "fleet.yaml", "$.gateways[0].machines[0].profile",
                "quantized features of machine profile 'ai4i-milling' reach ±100000");
        Path bad = write("m/ai4i-milling.yaml", mill.replace("quantization: { resolution: 4, clip: 15 }",
                "quantization: { resolution: 8, clip: 4 }"));
        assertProblem(() -> loader.loadMachineProfile(bad), "ai4i-milling.yaml", "$.window.quantization.clip",
                "must be at least the resolution");
    }

    @Test
    void threadsMustNotExceedCores() throws IOException {
        Path g = write("gateways/arm-gateway-small.yaml", gateway.replace("threads: 2", "threads: 3"));
        assertProblem(() -> loader.loadGatewayProfile(g), "arm-gateway-small.yaml", "$.threads",
                "threads (3) must not exceed hardware.cores (2)");
    }

    // --- file-level problems -------------------------------------------------------------------

    @Test
    void profileIdMustMatchFileNameAndNodeIdsMustBeWellFormed() throws IOException {
        Path p = write("m/other-name.yaml", mill);
        assertProblem(() -> loader.loadMachineProfile(p), "other-name.yaml", "$.id",
                "profile id 'ai4i-milling' does not match the file name 'other-name.yaml'");
        Path q = write("m/ai4i-milling.yaml", mill.replace("\"ns=2;s={machine}/Torque\"", "\"ns=2;s=Torque\""));
        assertProblem(() -> loader.loadMachineProfile(q), "ai4i-milling.yaml", "$.opcua.sensors[3].nodeId",
                "contains {machine}");
        Path r = write("m3/ai4i-milling.yaml", mill.replace("\"ns=2;s={machine}/Torque\"", "\"ns=3;s={machine}/Torque\""));
        assertProblem(() -> loader.loadMachineProfile(r), "ai4i-milling.yaml", "$.opcua.sensors[3].nodeId",
                "namespace index 3 differs from ns=2");
        Path s = write("m4/ai4i-milling.yaml", mill.replace("\"ns=2;s={machine}/Torque\"",
                "\"ns=2;s={machine}/ToolWear\""));
        assertProblem(() -> loader.loadMachineProfile(s), "ai4i-milling.yaml", "$.opcua.sensors[4].nodeId",
                "is already used by $.opcua.sensors[3].nodeId");
    }

    @Test
    void yamlSyntaxErrorsEmptyAndMissingFiles() throws IOException {
        Path f = fleet("tenant: t1\nbroker: {url: 'tcp://h:1883'\ngateways: []\n");
        assertProblem(() -> loader.loadFleet(f), "fleet.yaml", "$", "invalid YAML at line");
        Path e = fleet("# nothing\n");
        assertProblem(() -> loader.loadFleet(e), "fleet.yaml", "$", "the file is empty");
        assertProblem(() -> loader.loadFleet(dir.resolve("nope.yaml")), "nope.yaml", "$", "file not found");
    }

    // --- window step ---------------------------------------------------------------------------

    @Test
    void windowStepLongerThanTheWindowOrBelowOneIsRefused() throws IOException {
        Path p = write("m/ai4i-milling.yaml", mill.replace("  length: 1\n", "  length: 1\n  step: 2\n"));
        assertProblem(() -> loader.loadMachineProfile(p), "ai4i-milling.yaml", "$.window.step", "must not exceed the window length (1)");
        Path q = write("n/ai4i-milling.yaml", mill.replace("  length: 1\n", "  length: 1\n  step: 0\n"));
        assertProblem(() -> loader.loadMachineProfile(q), "ai4i-milling.yaml", "$.window.step", "1");
    }

    @Test
    void unknownAggregateIsRefusedWithTheKnownOnes() throws IOException {
        Path p = write("m/ai4i-milling.yaml", mill.replace("source: torque, aggregate: last", "source: torque, aggregate: median"));
        assertProblem(() -> loader.loadMachineProfile(p), "ai4i-milling.yaml", "$.window.features[2].aggregate", "slope");
    }
}
