package io.smile.cli.faults;

import io.smile.broker.LoopbackPorts;
import io.smile.broker.Processes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The Quarkus cloud service as its own JVM, from its packaged jar, which the suite can kill -9 and start
 * again on the same HTTP port, broker, model and registry directory (a restart of the same deployment).
 * Its output is appended to {@code cloud.log}. A fresh REST token per node: the process gets only its
 * SHA-256 (as the demo's launcher does).
 */
final class CloudNode implements AutoCloseable {
    /** How long a SIGTERM'ed node may take to finish (store, disconnect) before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(150);

    private final Path jar;
    private final Path dir;
    private final String brokerUrl;
    private final Path model;
    private final int httpPort = LoopbackPorts.free();
    private final String token = newToken();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> extraProperties;
    private Process process;

    /** @param extraProperties further {@code -Dname=value} options of the service */
    CloudNode(Path jar, Path dir, String brokerUrl, Path model, List<String> extraProperties) {
        this.extraProperties = List.copyOf(extraProperties);
        this.jar = jar;
        this.dir = dir;
        this.brokerUrl = brokerUrl;
        this.model = model;
    }

    /** The packaged service beside this module, or a clear failure. */
    static Path packagedJar() {
        Path p = Path.of("").toAbsolutePath().getParent().resolve("cloud-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("cloud service not packaged at " + p + " (the reactor packages cloud-service first)");
        }
        return p;
    }

    synchronized CloudNode start() throws IOException {
        Files.createDirectories(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx3g", "-Dsmile.mqtt.url=" + brokerUrl,
                // a broker outage of seconds must not cost the scenario half a minute of back-off
                "-Dsmile.mqtt.max-reconnect-delay=2",
                "-Dsmile.model.path=" + model.toAbsolutePath(),
                "-Dsmile.registry.dir=" + dir.resolve("registry").toAbsolutePath(),
                "-Dquarkus.http.port=" + httpPort, "-Dquarkus.http.host=" + LoopbackPorts.HOST,
                "-Dsmile.api.tokens.faults.sha256=" + sha256Hex(token), "-Dsmile.api.tokens.faults.roles=viewer"));
        cmd.addAll(extraProperties);
        cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("cloud.log").toFile())).start();
        return this;
    }

    Path log() {
        return dir.resolve("cloud.log");
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Waits for readiness (the health endpoint, which includes the MQTT connection). */
    CloudNode awaitReady() throws Exception {
        awaitOk("/q/health/ready", null);
        return this;
    }

    /** Waits until the gateway's registration is in. */
    void awaitGateway(String gatewayId) throws Exception {
        awaitOk("/gateways/" + gatewayId, token);
    }

    /** kill -9. */
    synchronized void kill() {
        end(true);
    }

    /** SIGTERM (Quarkus shuts down gracefully), waiting for the exit: a restart of the service. */
    synchronized void stop() {
        end(false);
    }

    @Override
    public synchronized void close() {
        end(false);
    }

    private void end(boolean forcibly) {
        if (forcibly) {
            Processes.kill(process);
        } else {
            Processes.stop(process, STOP_GRACE);
        }
    }

    private void awaitOk(String path, String bearer) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            if (!isAlive()) {
                throw new IllegalStateException("the cloud service exited; see " + log());
            }
            try {
                HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://" + LoopbackPorts.HOST + ":" + httpPort + path))
                        .timeout(Duration.ofSeconds(3));
                if (bearer != null) {
                    r.header("Authorization", "Bearer " + bearer);
                }
                last = http.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("cloud: no 200 from " + path + " within " + READY_TIMEOUT + " (last " + last + ")");
    }

    private static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
