package io.smile.federation;

import io.smile.federation.transport.Transport;
import java.util.List;

/**
 * The coordinator's statistics: what the collective key generation and the threshold setup cost,
 * and the current round's time and bytes (with the time until its contributions closed).
 */
final class CoordinatorMeter {
    private final PhaseMeter phase;
    private PhaseMeter.Span keys = PhaseMeter.Span.NONE;
    private PhaseMeter.Span setup = PhaseMeter.Span.NONE;
    private long contributionMillis;

    CoordinatorMeter(Transport transport) {
        this.phase = new PhaseMeter(transport);
    }

    void started() {
        phase.mark();
    }

    PhaseMeter.Span keysDone() {
        keys = phase.lap();
        return keys;
    }

    PhaseMeter.Span setupDone() {
        setup = phase.lap();
        return setup;
    }

    void roundOpened() {
        phase.mark();
    }

    long contributionsClosed() {
        contributionMillis = phase.millis();
        return contributionMillis;
    }

    long contributionMillis() {
        return contributionMillis;
    }

    /** The round from its opening to its release. */
    PhaseMeter.Span roundDone() {
        return phase.lap();
    }

    Coordinator.Outcome outcome(String failure, List<Coordinator.RoundReport> rounds) {
        return new Coordinator.Outcome(failure == null, failure, keys.millis(), keys.bytesSent(), keys.bytesReceived(),
                setup.millis(), setup.bytesSent(), setup.bytesReceived(), List.copyOf(rounds));
    }
}
