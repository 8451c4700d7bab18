package io.smile.cloud;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smile.broker.EmbeddedBroker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts an {@link EmbeddedBroker} on 127.0.0.1 for the service under test, writes the test model
 * file to {@link #MODEL} (where the test profile's smile.model.path points), and points
 * smile.mqtt.url and smile.registry.dir (a fresh directory) at them. The broker is reachable from
 * tests through {@link #broker()} (to stop and restart it).
 */
public class BrokerResource implements QuarkusTestResourceLifecycleManager {
    public static final Path ROOT = Path.of("target", "quarkus-test");
    public static final Path MODEL = ROOT.resolve("pdm-quadratic.json");
    public static final Path LOG = ROOT.resolve("cloud-service.log");
    private static volatile EmbeddedBroker broker;
    private static volatile Path registryDir;
    private static volatile Path federationDir;

    @Override
    public Map<String, String> start() {
        broker = EmbeddedBroker.startOnFreePort();
        Path run = ROOT.resolve("run-" + System.nanoTime());
        registryDir = run.resolve("registry");
        federationDir = run.resolve("federation");
        TestModel.write(ROOT);
        Map<String, String> config = new HashMap<>();
        config.put("smile.mqtt.url", broker.url());
        config.put("smile.registry.dir", registryDir.toAbsolutePath().toString());
        config.put("smile.federation.dir", federationDir.toAbsolutePath().toString());
        config.put("smile.max-batch-bytes", Integer.toString(8 << 20));
        return config;
    }

    public static EmbeddedBroker broker() {
        return broker;
    }

    public static Path federationDir() {
        return federationDir;
    }

    public static Path registryDir() {
        return registryDir;
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
