package io.smile.federation;

import io.smile.federation.transport.Transport;

/** Wall time and transport bytes since the last mark: one protocol phase or round of one party. */
final class PhaseMeter {
    /** What one phase cost. */
    record Span(long millis, long bytesSent, long bytesReceived) {
        static final Span NONE = new Span(0, 0, 0);
    }

    private final Transport transport;
    private long start;
    private long sent;
    private long received;

    PhaseMeter(Transport transport) {
        this.transport = transport;
    }

    /** A new phase starts now. */
    void mark() {
        start = System.nanoTime();
        sent = transport.bytesSent();
        received = transport.bytesReceived();
    }

    long millis() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The phase so far; the next one starts from the same readings, so no byte is counted twice or lost. */
    Span lap() {
        long now = System.nanoTime();
        long s = transport.bytesSent();
        long r = transport.bytesReceived();
        Span span = new Span((now - start) / 1_000_000, s - sent, r - received);
        start = now;
        sent = s;
        received = r;
        return span;
    }
}
