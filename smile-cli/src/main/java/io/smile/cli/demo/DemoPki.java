package io.smile.cli.demo;

import io.smile.broker.EmbeddedBroker;
import io.smile.broker.LocalCa;
import io.smile.profiles.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Certificates for the demo's mutual TLS on loopback: a throwaway CA issues the broker's
 * certificate (127.0.0.1) and client certificates for the gateway and the cloud service; all
 * stores share one random password, kept in a 0600 file that the fleet's {@code broker.tls}
 * names (as a deployment would mount a secret) and passed to the cloud process in its
 * environment, never on its command line.
 */
final class DemoPki {
    private final Path dir;
    private final String password;

    private DemoPki(Path dir, String password) {
        this.dir = dir;
        this.password = password;
    }

    static DemoPki create(Path dir, String gatewayId) throws IOException {
        Files.createDirectories(dir);
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Path passwordFile = dir.resolve("stores.pass");
        Files.deleteIfExists(passwordFile);
        Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, password + "\n");
        char[] pw = password.toCharArray();
        LocalCa ca = LocalCa.create("SMiLe demo CA", Duration.ofDays(1));
        ca.writeTruststore(dir.resolve("truststore.p12"), pw);
        ca.issueServer(dir.resolve("broker.p12"), pw, "smile-broker", List.of("127.0.0.1", "localhost"));
        ca.issueClient(dir.resolve(gatewayId + ".p12"), pw, gatewayId);
        ca.issueClient(dir.resolve("cloud-service.p12"), pw, "cloud-service");
        return new DemoPki(dir, password);
    }

    /** The broker's TLS-only listener, requiring client certificates from the demo CA. */
    EmbeddedBroker.Tls brokerTls() {
        return new EmbeddedBroker.Tls(dir.resolve("broker.p12"), password, Optional.of(dir.resolve("truststore.p12")), password);
    }

    /** The fleet's {@code broker.tls}: trust the demo CA, present {@code {gateway}.p12}. */
    TlsSettings fleetTls() {
        Optional<TlsSettings.PasswordSource> pw = Optional.of(new TlsSettings.PasswordFile(dir.resolve("stores.pass")));
        return new TlsSettings(dir.resolve("truststore.p12"), "PKCS12", pw,
                Optional.of(dir.resolve(TlsSettings.GATEWAY_PLACEHOLDER + ".p12")), "PKCS12", pw);
    }

    /** The cloud service's MQTT TLS settings: paths as system properties, passwords as environment. */
    List<String> cloudProperties() {
        return List.of("-Dsmile.mqtt.truststore-path=" + dir.resolve("truststore.p12").toAbsolutePath(),
                "-Dsmile.mqtt.keystore-path=" + dir.resolve("cloud-service.p12").toAbsolutePath());
    }

    Map<String, String> cloudEnvironment() {
        return Map.of("SMILE_MQTT_TRUSTSTORE_PASSWORD", password, "SMILE_MQTT_KEYSTORE_PASSWORD", password);
    }
}
