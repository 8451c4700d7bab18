package io.smile.edge.metrics;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.smile.edge.EdgeAgent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics} in the Prometheus text format, served by the JDK's HTTP server on one
 * address (loopback unless configured otherwise: the scraper usually runs on the gateway or
 * reaches it through a tunnel). One thread; every other path answers 404.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer server;

    public MetricsEndpoint(EdgeAgent agent, String host, int port) throws IOException {
        new EdgeAgentMeters(agent).bindTo(registry);
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                boolean ok = "GET".equals(exchange.getRequestMethod()) && "/metrics".equals(exchange.getRequestURI().getPath());
                byte[] body = (ok ? registry.scrape() : "not found\n").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type",
                        ok ? "text/plain; version=0.0.4; charset=utf-8" : "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(ok ? 200 : 404, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    /** The port it listens on (useful when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        registry.close();
    }
}
