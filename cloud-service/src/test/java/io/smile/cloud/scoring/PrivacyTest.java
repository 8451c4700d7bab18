package io.smile.cloud.scoring;

import static io.smile.cloud.SecretScan.chunks;
import static io.smile.cloud.SecretScan.containsAny;
import static org.junit.jupiter.api.Assertions.*;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smile.cloud.BrokerResource;
import io.smile.cloud.CloudService;
import io.smile.cloud.Fixtures;
import io.smile.cloud.TestGateway;
import io.smile.cloud.TestKeys;
import io.smile.cloud.TestModel;
import io.smile.cloud.intake.Reason;
import io.smile.pdm.model.QuantizedModel;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the service keeps is public: its registry files and its log (DEBUG included) contain neither
 * the gateway's secret key nor the plaintext feature vectors it encrypted, and the model's weights
 * are not in the REST answer.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerResource.class, restrictToAnnotatedClass = false)
class PrivacyTest {
    @Inject
    CloudService service;

    @Test
    void noSecretKeyNoPlaintextAndNoWeightsLeaveTheService() throws Exception {
        List<long[]> sent = new ArrayList<>();
        try (TestGateway gw = Fixtures.registeredGateway("gw-privacy")) {
            for (int seq = 0; seq < 2; seq++) {
                List<long[]> windows = gw.randomWindows(64);
                sent.addAll(windows);
                gw.scoreAndCheck(seq, windows);
            }
            // a rejected batch (unknown model) goes through the logging paths too
            double unknownModel = service.engine().metrics().rejectedCount(Reason.UNKNOWN_MODEL);
            double duplicates = service.engine().metrics().rejectedCount(Reason.DUPLICATE);
            List<long[]> rejected = gw.randomWindows(16);
            sent.addAll(rejected);
            gw.publish(gw.batch(2, rejected.size(), "no-such-model", gw.encrypt(rejected).serialize()));
            gw.publish(gw.batch(0, sent.subList(0, 64)));
            Fixtures.awaitRejected(service, Reason.UNKNOWN_MODEL, unknownModel);
            Fixtures.awaitRejected(service, Reason.DUPLICATE, duplicates);
            Fixtures.assertOthersStillScored();
        }

        List<Path> written = new ArrayList<>();
        try (Stream<Path> files = Files.walk(BrokerResource.registryDir())) {
            files.filter(Files::isRegularFile).forEach(written::add);
        }
        assertTrue(written.stream().anyMatch(p -> p.toString().endsWith("gw-privacy.reg")), "registration persisted");
        // the log of this run and the rotated logs of earlier starts
        try (Stream<Path> logs = Files.list(BrokerResource.ROOT)) {
            logs.filter(p -> p.getFileName().toString().startsWith(BrokerResource.LOG.getFileName().toString()))
                    .forEach(written::add);
        }
        assertTrue(Files.size(BrokerResource.LOG) > 0, "the service logged something");
        assertTrue(Files.readString(BrokerResource.LOG).contains("gateway=gw-privacy sequence=2 reason=unknown-model"),
                "the rejection was logged (with ids only)");

        byte[] secret = TestKeys.get().owner.exportSecretKeyForLocalStorage();
        List<byte[]> secretChunks = chunks(secret);
        assertTrue(containsAny(secret, secretChunks), "the scan finds what it looks for");
        List<String> plaintexts = new ArrayList<>();
        for (long[] x : sent) {
            plaintexts.add(Arrays.toString(x));
            plaintexts.add(Arrays.stream(x).mapToObj(Long::toString).collect(Collectors.joining(",")));
            plaintexts.add(Arrays.stream(x).mapToObj(Long::toString).collect(Collectors.joining(" ")));
        }
        for (Path p : written) {
            byte[] content = Files.readAllBytes(p);
            assertFalse(containsAny(content, secretChunks), "secret-key bytes found in " + p);
            String text = new String(content, StandardCharsets.ISO_8859_1);
            for (byte[] chunk : secretChunks) {
                assertFalse(text.contains(HexFormat.of().formatHex(chunk)), "secret key (hex) in " + p);
                assertFalse(text.contains(Base64.getEncoder().encodeToString(chunk).substring(0, 40)), "secret key (base64) in " + p);
            }
            for (String plain : plaintexts) {
                assertFalse(text.contains(plain), "plaintext feature vector " + plain + " found in " + p);
            }
        }

        String models = Fixtures.api().get("/models").then().statusCode(200).extract().asString();
        assertFalse(models.contains("weights"), models);
        QuantizedModel m = TestModel.model();
        for (int i = 0; i < m.width(); i++) {
            long[] row = new long[m.width()];
            for (int j = 0; j < m.width(); j++) {
                row[j] = j < i ? 0 : m.weight(i, j);
            }
            String json = Arrays.stream(row).mapToObj(Long::toString).collect(Collectors.joining(","));
            assertFalse(models.replace(" ", "").contains(json), "weight row " + i + " in /models");
        }
    }
}
