package io.smile.cloud.api;

import static org.junit.jupiter.api.Assertions.*;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smile.broker.LocalCa;
import io.smile.cloud.BrokerResource;
import io.smile.cloud.Fixtures;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * The REST port as the deployment guide configures it outside a management network: HTTPS with
 * a certificate from the operator's CA ({@code quarkus.http.ssl.certificate.*}) and plain HTTP
 * disabled. Tokens still decide who may call what.
 */
@QuarkusTest
@TestProfile(HttpsOnlyTest.HttpsOnly.class)
@QuarkusTestResource(value = BrokerResource.class, restrictToAnnotatedClass = false)
class HttpsOnlyTest {
    static final Path PKI = BrokerResource.ROOT.resolve("https-pki");
    static final char[] PW = "https-test".toCharArray();

    public static class HttpsOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            LocalCa ca = LocalCa.create("SMiLe REST test CA", Duration.ofHours(1));
            ca.issueServerPem(PKI.resolve("cloud.crt"), PKI.resolve("cloud.key"), "cloud", List.of("127.0.0.1", "localhost"));
            ca.writeTruststore(PKI.resolve("trust.p12"), PW);
            return Map.of("quarkus.http.test-port", "0", "quarkus.http.test-ssl-port", "0", "quarkus.http.host", "127.0.0.1",
                    "quarkus.http.ssl.certificate.files", PKI.resolve("cloud.crt").toAbsolutePath().toString(),
                    "quarkus.http.ssl.certificate.key-files", PKI.resolve("cloud.key").toAbsolutePath().toString(),
                    "quarkus.http.insecure-requests", "disabled",
                    "smile.mqtt.client-id", "smile-cloud-https", "smile.workers", "1");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    private static HttpClient client(boolean trustTheCa) throws Exception {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (trustTheCa) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(PKI.resolve("trust.p12"))) {
                trust.load(in, PW);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            b.sslContext(ctx);
        }
        return b.build();
    }

    private static HttpResponse<String> get(HttpClient c, URI uri, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return c.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiAnswersOverHttpsWithTokens() throws Exception {
        assertEquals("https", https.getProtocol());
        URI gateways = https.toURI().resolve("/gateways");
        HttpClient c = client(true);
        assertEquals(200, get(c, gateways, Fixtures.VIEWER_TOKEN).statusCode());
        assertEquals(401, get(c, gateways, null).statusCode());
        assertEquals(200, get(c, https.toURI().resolve("/q/health/live"), null).statusCode());
    }

    @Test
    void aClientThatDoesNotTrustTheCaIsRefused() {
        assertThrows(SSLHandshakeException.class, () -> get(client(false), https.toURI().resolve("/q/health/live"), null));
    }
}
