package io.smile.cli.demo;

import io.smile.broker.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The Quarkus cloud service as its own process, as in production: started from its jar on a free
 * loopback HTTP port with this run's broker, model and certificates, its output in
 * {@code cloud.log} of the work dir, watched over HTTP, destroyed on {@link #close()}.
 *
 * <p>The run's REST API token is made here: the process gets only its SHA-256, the launcher sends
 * the token itself.
 */
final class CloudProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final int httpPort;
    private final String apiToken;

    private CloudProcess(Process process, int httpPort, String apiToken) {
        this.process = process;
        this.httpPort = httpPort;
        this.apiToken = apiToken;
    }

    /** Starts the service; does not wait for it (see {@link #awaitReady()}). */
    static CloudProcess start(Path cloudJar, Path workDir, String brokerUrl, Path model, DemoPki pki) throws IOException {
        int httpPort = LoopbackPorts.free();
        String apiToken = newToken();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx4g", "-Dsmile.mqtt.url=" + brokerUrl,
                "-Dsmile.model.path=" + model.toAbsolutePath(),
                "-Dsmile.registry.dir=" + workDir.resolve("cloud-registry").toAbsolutePath(), "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.http.host=" + LoopbackPorts.HOST, "-Dsmile.api.tokens.launcher.sha256=" + sha256Hex(apiToken),
                "-Dsmile.api.tokens.launcher.roles=viewer"));
        if (pki != null) {
            cmd.addAll(pki.cloudProperties());
        }
        cmd.addAll(List.of("-jar", cloudJar.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(workDir.resolve("cloud.log").toFile());
        if (pki != null) {
            pb.environment().putAll(pki.cloudEnvironment());
        }
        return new CloudProcess(pb.start(), httpPort, apiToken);
    }

    /** {@code http://127.0.0.1:PORT}. */
    String baseUrl() {
        return "http://" + LoopbackPorts.HOST + ":" + httpPort;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the service reports ready (health endpoint). */
    void awaitReady() throws Exception {
        waitForHttp(baseUrl() + "/q/health/ready", null);
    }

    /** Waits until the gateway's registration is in (an authenticated REST call with the run's token). */
    void awaitGateway(String gatewayId) throws Exception {
        waitForHttp(baseUrl() + "/gateways/" + gatewayId, apiToken);
    }

    /** The Prometheus metrics text, or "" if the service does not answer. */
    String metrics() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** Destroys the process and waits for it to end. */
    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for a 200 from url, sent with {@code Authorization: Bearer token} unless token is null. */
    private void waitForHttp(String url, String token) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the cloud service exited (code " + process.exitValue() + "); see its log");
            }
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2));
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                if (r.statusCode() == 401 || r.statusCode() == 403) {
                    throw new IllegalStateException("the cloud service refused the launcher's API token (HTTP " + r.statusCode() + ")");
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("timed out waiting for " + url);
    }

    private static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * What the cloud service expects in {@code smile.api.tokens.NAME.sha256}: the hex SHA-256 of
     * the token's UTF-8 bytes ({@code printf %s "$token" | sha256sum}).
     *
     * <p>A copy of {@code io.smile.cloud.ApiTokens.sha256Hex}, on purpose: the demo launches the
     * cloud as a process and must not depend on cloud-service (that would put Quarkus on the
     * command line's class path), and no module both reach is about API tokens. The two cannot
     * drift unnoticed: {@code CloudProcessTest} pins this one to {@code sha256sum}'s answer, and
     * MainJobTest fails if the cloud refuses the launcher's token.
     */
    static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
