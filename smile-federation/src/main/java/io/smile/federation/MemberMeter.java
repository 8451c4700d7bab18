package io.smile.federation;

import io.smile.federation.transport.Transport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A member's statistics per phase (CKG up to the public key, threshold setup, then one entry per
 * round): {bytes sent, bytes received, ms encoding + encrypting its contribution, ms verifying the
 * aggregate + computing its decryption shares}. The round-r entry covers the time between the
 * releases of r − 1 and r.
 */
final class MemberMeter {
    private final PhaseMeter phase;
    private final List<long[]> phases = new CopyOnWriteArrayList<>();
    private long encryptNanos;
    private long decryptNanos;

    MemberMeter(Transport transport) {
        this.phase = new PhaseMeter(transport);
    }

    void started() {
        phase.mark();
    }

    void encrypting(Runnable work) {
        long t0 = System.nanoTime();
        try {
            work.run();
        } finally {
            encryptNanos += System.nanoTime() - t0;
        }
    }

    void decrypting(Runnable work) {
        long t0 = System.nanoTime();
        try {
            work.run();
        } finally {
            decryptNanos += System.nanoTime() - t0;
        }
    }

    /** Closes the current phase's entry; the next starts now. */
    void phaseDone() {
        PhaseMeter.Span s = phase.lap();
        phases.add(new long[] {s.bytesSent(), s.bytesReceived(), encryptNanos / 1_000_000, decryptNanos / 1_000_000});
        encryptNanos = 0;
        decryptNanos = 0;
    }

    /** Phases closed so far. */
    int phasesDone() {
        return phases.size();
    }

    List<long[]> perPhase() {
        return List.copyOf(phases);
    }
}
