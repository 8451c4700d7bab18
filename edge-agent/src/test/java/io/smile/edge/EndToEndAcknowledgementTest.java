package io.smile.edge;

import static io.smile.edge.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.smile.edge.batch.BatchOutcomes;
import io.smile.pdm.model.QuantizedModel;
import io.smile.pdm.model.TestModels;
import io.smile.simulator.MachineSimulator;
import io.smile.simulator.PublishedRecord;
import io.smile.simulator.SimulatorConfig;
import io.smile.simulator.SimulatorSecurity;
import io.smile.testkit.TestBroker;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * End-to-end acknowledgement (issue 17): the agent keeps a batch until its result arrives, not the
 * broker's PUBACK. Each test makes the cloud stub misbehave the way a broker crash or an overloaded
 * cloud does, and checks that every window still gets exactly one, correct score and that the
 * agent's counts say what happened.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class EndToEndAcknowledgementTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path root;
    private static TestBroker broker;
    private static CloudStub cloud;
    private static MachineSimulator sim;
    private static QuantizedModel model;
    private static final Map<String, PublishedRecord> TRUTH = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        broker = TestBroker.startEmbedded();
        model = TestModels.random(17);
        cloud = new CloudStub(broker.url(), model);
        cloud.start();
        sim = MachineSimulator.start(SimulatorConfig.builder().fleetGateway(TestSupport.fleet("gw-ack"), "gw-ack", 0)
                .port(0).seed(9).security(SimulatorSecurity.NONE).build());
        sim.addListener(p -> TRUTH.put(p.machineId() + "#" + p.sequence(), p));
    }

    @AfterAll
    static void stop() throws Exception {
        if (sim != null) {
            sim.stop();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static EdgeAgent agent(String gateway, Duration resultTimeout) throws Exception {
        return new EdgeAgent(EdgeAgentConfig.builder(TestSupport.fleet(gateway), gateway)
                .stateDir(TestSupport.stateDirWithKeys(root.resolve(gateway)))
                .brokerUrl(URI.create(broker.url()))
                .opcUaEndpoint(URI.create(sim.endpointUrl()))
                .batchInterval(Duration.ofSeconds(30)) // batches are cut by flush() only
                .samplingIntervalMs(20)
                .resultTimeout(resultTimeout)
                .maxResultTimeout(resultTimeout.multipliedBy(2))
                .reconnectMaxDelay(Duration.ofSeconds(2))
                .build());
    }

    /** Samples until the agent has read {@code samples} more samples, then cuts one batch. */
    private static void oneBatch(EdgeAgent agent, int cycles) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long before = agent.metrics().windowsBuilt();
        while (agent.metrics().windowsBuilt() < before + 4L * cycles && System.nanoTime() < deadline) {
            sim.publishNext();
            Thread.sleep(120);
        }
        agent.flush();
    }

    /** Every result is unique per window and equals the plaintext model's score. */
    private static void checkScores(List<WindowResult> results) {
        Set<String> seen = new HashSet<>();
        for (WindowResult r : results) {
            String key = r.machineId() + "#" + r.sampleSequence();
            assertTrue(seen.add(key), "duplicate result " + r);
            assertEquals(TestSupport.expectedScore(model, TRUTH.get(key)), r.score().orElseThrow(), r.toString());
        }
    }

    /**
     * The attack: the broker acknowledges the batch, the cloud scores it, and the result is lost on
     * the way back (a broker crash while it was in flight). Deleting the batch on the PUBACK lost
     * its windows for good; keeping it until the result lets the agent re-send it, and the cloud
     * answers the re-send with the stored result — scored once, delivered once.
     */
    @Test
    void aResultThatNeverComesIsResentAndScoredOnce() throws Exception {
        String gw = "gw-lost-result";
        cloud.dropNextResults(gw, 1);
        List<WindowResult> results = new CopyOnWriteArrayList<>();
        try (EdgeAgent agent = agent(gw, Duration.ofMillis(1500))) {
            agent.addResultListener(results::add);
            agent.start();
            oneBatch(agent, 2);
            long windows = agent.metrics().windowsBatched();
            assertTrue(windows >= 8, agent.metrics().toString());
            await(WAIT, () -> results.size() >= windows && agent.metrics().batchesBuffered() == 0,
                    () -> "the result after a re-send; " + agent.metrics());
            EdgeMetrics m = agent.metrics();
            assertTrue(m.batchesResent() >= 1 && m.batchesLate() == 1, m.toString());
            assertEquals(1, m.batchesAcked(), "sent once, however often re-sent: " + m);
            assertEquals(1, m.batchesAnswered(), m.toString());
            assertEquals(0, m.windowsLost() + m.batchesLost() + m.pendingResults(), m.toString());
            assertEquals(windows, results.size());
            checkScores(results);
            assertEquals(List.of(0L), cloud.processed(gw), "scored once");
            assertTrue(cloud.republished(gw) >= 1, "answered from the stored result");
        }
    }

    /**
     * The attack: an overloaded cloud answers "queue-full, retry in 1.5 s". Treating the refusal
     * as an answer (or acknowledging and dropping the batch, as the cloud did before) loses the
     * windows; the agent keeps the batch, re-sends it after the delay and it is scored.
     */
    @Test
    void aQueueFullRefusalKeepsTheBatchAndResendsItAfterTheDelay() throws Exception {
        String gw = "gw-queue-full";
        cloud.refuseNext(gw, 2, "queue-full", 1500);
        List<WindowResult> results = new CopyOnWriteArrayList<>();
        try (EdgeAgent agent = agent(gw, Duration.ofSeconds(60))) {
            agent.addResultListener(results::add);
            agent.start();
            oneBatch(agent, 2);
            long windows = agent.metrics().windowsBatched();
            await(WAIT, () -> results.size() >= windows && agent.metrics().batchesBuffered() == 0,
                    () -> "the result after the refusals; " + agent.metrics());
            EdgeMetrics m = agent.metrics();
            assertEquals(2, m.refusalsRetried(), m.toString());
            assertEquals(2, m.batchesResent(), "one re-send per refusal, not more: " + m);
            assertEquals(0, m.batchesRefused() + m.windowsRefused() + m.windowsLost(), m.toString());
            assertEquals(List.of(0L, 0L), cloud.refused(gw));
            assertEquals(List.of(0L), cloud.processed(gw));
            assertEquals(windows, results.size());
            checkScores(results);
        }
    }

    /** A refusal without a retry delay ends the batch: counted as refused, deleted, logged once per reason. */
    @Test
    void aFinalRefusalIsCountedAndLoggedOncePerReason() throws Exception {
        String gw = "gw-over-budget";
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(BatchOutcomes.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        log.addAppender(logs);
        cloud.refuseNext(gw, 2, "over-budget", 0);
        try (EdgeAgent agent = agent(gw, Duration.ofSeconds(60))) {
            agent.start();
            oneBatch(agent, 1);
            oneBatch(agent, 1);
            long windows = agent.metrics().windowsBatched();
            await(WAIT, () -> agent.metrics().batchesRefused() == 2 && agent.metrics().batchesBuffered() == 0,
                    () -> "two refusals; " + agent.metrics());
            EdgeMetrics m = agent.metrics();
            assertEquals(windows, m.windowsRefused(), m.toString());
            assertEquals(0, m.pendingResults() + m.batchesResent() + m.windowResults(), m.toString());
            assertEquals(1, logs.list.stream().filter(e -> e.getFormattedMessage().contains("over-budget")).count(),
                    "one log line for the reason");
        } finally {
            log.detachAppender(logs);
        }
    }

    /** Every result published twice: each window is recorded once, the second copies are counted as ignored. */
    @Test
    void duplicatesOfAResultAreIgnored() throws Exception {
        String gw = "gw-dup-result";
        cloud.duplicateResults(gw, true);
        List<WindowResult> results = new CopyOnWriteArrayList<>();
        try (EdgeAgent agent = agent(gw, Duration.ofSeconds(60))) {
            agent.addResultListener(results::add);
            agent.start();
            oneBatch(agent, 1);
            oneBatch(agent, 1);
            long windows = agent.metrics().windowsBatched();
            await(WAIT, () -> agent.metrics().resultsReceived() + agent.metrics().resultsIgnored() >= 4,
                    () -> "both copies of both results; " + agent.metrics());
            EdgeMetrics m = agent.metrics();
            assertEquals(windows, results.size());
            assertEquals(windows, m.windowResults(), m.toString());
            assertEquals(2, m.resultsReceived(), m.toString());
            assertEquals(2, m.resultsIgnored(), m.toString());
            checkScores(results);
        }
    }
}
