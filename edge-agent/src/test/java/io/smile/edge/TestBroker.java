package io.smile.edge;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An embedded HiveMQ CE MQTT 5 broker on 127.0.0.1 and a free port, with file persistence in a
 * temp folder (so sessions and queued messages survive {@link #stop()} / {@link #start()} like a
 * real broker restart), a 256 MB packet limit (key registrations carry ~40 MB) and anonymous usage
 * statistics off.
 */
public final class TestBroker implements AutoCloseable {
    private final Path home;
    private final int port;
    private EmbeddedHiveMQ hivemq;

    TestBroker(Path home) throws IOException {
        this.home = home;
        this.port = freePort();
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("extensions"));
        Files.writeString(conf.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                    </listeners>
                    <mqtt>
                        <packets>
                            <max-packet-size>268435460</max-packet-size>
                        </packets>
                        <queued-messages>
                            <max-queue-size>10000</max-queue-size>
                        </queued-messages>
                    </mqtt>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port), StandardCharsets.UTF_8);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    synchronized void start() throws Exception {
        if (hivemq == null) {
            hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(home.resolve("conf"))
                    .withDataFolder(home.resolve("data"))
                    .withExtensionsFolder(home.resolve("extensions"))
                    .withoutLoggingBootstrap()
                    .build();
        }
        hivemq.start().get(60, TimeUnit.SECONDS);
    }

    /** Stops the broker; its data folder stays, so a later {@link #start()} resumes sessions and queues. */
    synchronized void stop() throws Exception {
        if (hivemq != null) {
            hivemq.stop().get(60, TimeUnit.SECONDS);
            // an instance cannot be started twice (its metrics stay registered): the next start builds a new one
            hivemq.close();
            hivemq = null;
        }
    }

    @Override
    public synchronized void close() throws Exception {
        if (hivemq != null) {
            hivemq.close();
            hivemq = null;
        }
    }
}
