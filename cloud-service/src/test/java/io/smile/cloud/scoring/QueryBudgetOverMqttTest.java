package io.smile.cloud.scoring;

import static org.junit.jupiter.api.Assertions.*;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smile.cloud.Fixtures;
import io.smile.cloud.TestGateway;
import io.smile.cloud.TestModel;
import io.smile.cloud.intake.Reason;
import io.smile.cloud.mqtt.MqttConnector;
import io.smile.protocol.ResultBatch;
import io.smile.testkit.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacker: a gateway that keeps sending windows to collect the model's answers (every window
 * is a query; docs/pdm-model.md's extraction needs many). The real cloud pipeline over MQTT (the
 * testkit broker, the real {@link MqttConnector} and {@link CloudEngine}) scores its windows up to
 * the budget and refuses the rest with {@code over-budget} and a retry delay, counted and shown on
 * the registry's gateway info.
 */
class QueryBudgetOverMqttTest {
    @Test
    void windowsBeyondTheHourlyBudgetAreRefusedWithARetryDelay(@TempDir Path dir) throws Exception {
        QueryBudget.Limits limits = new QueryBudget.Limits(5, 1000);
        AtomicReference<MqttConnector> mqtt = new AtomicReference<>();
        GatewayRegistry registry = new GatewayRegistry(new GatewayRegistry.Settings(dir, 10, false, "bgv-java", 1, 16, limits),
                ModelRegistry.of(TestModel.file()));
        CloudMetrics metrics = new CloudMetrics(new SimpleMeterRegistry());
        try (TestBroker broker = TestBroker.startEmbedded();
             CloudEngine engine = new CloudEngine(new CloudEngine.Settings(1, 8, 8, 64 << 20, 256 << 20), registry,
                     ModelRegistry.of(TestModel.file()), metrics, (topic, payload) -> mqtt.get().publish(topic, payload));
             MqttConnector connector = new MqttConnector(new MqttConnector.Settings(broker.url(), "cloud-budget",
                     Optional.empty(), Optional.empty(), false, 600, 30, 1, 5, Optional.empty(), Optional.empty()), engine);
             TestGateway gw = new TestGateway(broker.url(), Fixtures.TENANT, "gw-greedy")) {
            mqtt.set(connector);
            connector.start();
            Fixtures.await("the cloud's connection", Duration.ofSeconds(30), connector::isConnected);
            gw.register();
            Fixtures.await("the registration", Duration.ofSeconds(120), () -> registry.find("gw-greedy").isPresent());

            ResultBatch first = gw.scoreAndCheck(0, gw.randomWindows(3));
            assertTrue(first.isScored());
            assertEquals(ResultBatch.Output.DECISION, first.output(), "decision-only by default");
            assertTrue(gw.scoreAndCheck(1, gw.randomWindows(2)).isScored(), "5 windows: exactly the budget");

            gw.publish(gw.batch(2, gw.randomWindows(1)));
            ResultBatch refused = gw.awaitResult(2, Duration.ofSeconds(60));
            assertFalse(refused.isScored(), "the 6th window of the hour was scored");
            assertEquals(Reason.OVER_BUDGET.wire(), refused.status());
            assertEquals(0, refused.ciphertext().length);
            assertTrue(refused.retryAfterMillis() > 0 && refused.retryAfterMillis() <= ResultBatch.MAX_RETRY_AFTER_MILLIS,
                    "retry after " + refused.retryAfterMillis());
            // a batch that can never fit the hourly limit: refused, and not to be retried
            gw.publish(gw.batch(3, gw.randomWindows(6)));
            ResultBatch never = gw.awaitResult(3, Duration.ofSeconds(60));
            assertEquals(Reason.OVER_BUDGET.wire(), never.status());
            assertEquals(0, never.retryAfterMillis());

            Fixtures.await("idle", Duration.ofSeconds(30), engine::isIdle);
            assertEquals(2, metrics.rejectedCount(Reason.OVER_BUDGET));
            assertEquals(2, metrics.scoredCount());
            QueryBudget.Usage usage = registry.info("gw-greedy").orElseThrow().budget();
            assertEquals(new QueryBudget.Usage(5, 5, 5, 1000), usage);
            // the refused sequence is not marked processed: re-sent once the budget allows, it is scored
            assertFalse(registry.find("gw-greedy").orElseThrow().state().dedup().isDone(2));
        }
    }
}
