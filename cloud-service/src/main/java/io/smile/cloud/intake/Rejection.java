package io.smile.cloud.intake;

/**
 * A refused message: its {@link Reason} (logged at WARN and counted) and a detail that is logged
 * at DEBUG only (never payload contents beyond ids). Thrown along the validation steps of a
 * pipeline so that the first failing check names the reason.
 */
public final class Rejection extends Exception {
    private static final long serialVersionUID = 1L;

    private final Reason reason;

    public Rejection(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
