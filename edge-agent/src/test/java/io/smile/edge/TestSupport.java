package io.smile.edge;

import io.smile.data.ai4i.Ai4iRecord;
import io.smile.edge.state.KeyStore;
import io.smile.edge.state.StateFiles;
import io.smile.he.api.HeBackend;
import io.smile.he.api.HeSession;
import io.smile.pdm.model.Ai4iFeatures;
import io.smile.pdm.model.EncryptedScorer;
import io.smile.pdm.model.SlotLayout;
import io.smile.pdm.model.FeatureEncoding;
import io.smile.pdm.model.QuantizedModel;
import io.smile.profiles.Fleet;
import io.smile.profiles.ProfileLoader;
import io.smile.simulator.PublishedRecord;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Fleets, keys, models and waiting for the integration tests. */
public final class TestSupport {
    public static final String TENANT = "test-tenant";
    public static final FeatureEncoding ENC = Ai4iFeatures.ENCODING;
    private static Path keyTemplate;

    private TestSupport() {
    }

    /**
     * A fleet with one gateway of four simulated milling machines: Mill01 and Mill02 report their
     * product type over OPC UA, Mill03 and Mill04 have it pinned in the fleet file.
     */
    public static Fleet fleet(String gatewayId) {
        String yaml = """
                tenant: %s
                broker:
                  url: tcp://127.0.0.1:1883
                gateways:
                  - id: %s
                    profile: arm-gateway-small
                    endpoint: opc.tcp://127.0.0.1:4840/smile-sim
                    machines:
                      - { id: Mill01, profile: ai4i-milling }
                      - { id: Mill02, profile: ai4i-milling }
                      - { id: Mill03, profile: ai4i-milling, attributes: { type: M } }
                      - { id: Mill04, profile: ai4i-milling, attributes: { type: H } }
                """.formatted(TENANT, gatewayId);
        return new ProfileLoader().parseFleet(yaml, "test-fleet.yaml", null);
    }

    /**
     * A state directory with the keys of a template generated once per JVM (N = 16384 key
     * generation takes seconds): copies {@code keys/} with its permissions.
     */
    public static synchronized Path stateDirWithKeys(Path dir) throws IOException {
        if (keyTemplate == null) {
            Path t = Files.createTempDirectory("edge-key-template");
            try (HeSession s = HeBackend.byName("bgv-java").open(EdgeAgent.parameterSpec(fleet("gw-x").gateways().get(0)))) {
                KeyStore.Keys keys = KeyStore.loadOrCreate(s, t.resolve("keys"), SlotLayout.rotationSteps(ENC.blockSize()));
                keys.owner().close();
            }
            keyTemplate = t.resolve("keys");
        }
        StateFiles.createPrivateDirectory(dir);
        Path keys = dir.resolve("keys");
        StateFiles.createPrivateDirectory(keys);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(keyTemplate)) {
            for (Path f : files) {
                Files.copy(f, keys.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return dir;
    }

    /** The quantized block the agent must have computed for a published record. */
    static long[] quantized(Ai4iRecord r) {
        double[] raw = Ai4iFeatures.raw(r.airTemperatureK(), r.processTemperatureK(), r.rotationalSpeedRpm(), r.torqueNm(),
                r.toolWearMin(), r.type().name().charAt(0));
        return ENC.quantize(raw);
    }

    static long expectedScore(QuantizedModel model, PublishedRecord p) {
        return model.score(quantized(p.record()));
    }

    public static void await(Duration timeout, BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what.get());
    }
}
