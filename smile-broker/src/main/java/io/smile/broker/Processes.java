package io.smile.broker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Ending a process a demo or a test started: a graceful stop (SIGTERM) or a crash (SIGKILL), then a
 * wait for its exit; a process that outlives the grace period is killed. The one place for the
 * "destroy, wait, destroy forcibly" the brokers, the cloud and the edge nodes of the fault tests need.
 */
public final class Processes {
    /** How long a killed process gets to disappear. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(10);

    private Processes() {
    }

    /**
     * SIGTERM, and SIGKILL if it has not exited within {@code grace}; returns once it is gone (or
     * 10 s after the SIGKILL). Nothing happens to a process that is null or has exited.
     */
    public static void stop(Process process, Duration grace) {
        end(process, false, grace);
    }

    /** SIGKILL, waiting for the exit. */
    public static void kill(Process process) {
        end(process, true, AFTER_KILL);
    }

    private static void end(Process process, boolean forcibly, Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
