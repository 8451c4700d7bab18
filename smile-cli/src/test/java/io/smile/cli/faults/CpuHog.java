package io.smile.cli.faults;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another job on the machine: one busy-looping shell process per core, at the same priority as the
 * product's processes, for as long as the scenario runs (issue 17, item 2: the demo lost windows whenever
 * another job ran beside it). Ended by their own process handles.
 */
final class CpuHog implements AutoCloseable {
    private final List<Process> spinners = new ArrayList<>();

    CpuHog(int processes) throws IOException {
        for (int i = 0; i < processes; i++) {
            spinners.add(new ProcessBuilder("sh", "-c", "while :; do :; done").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
    }

    /** How many spinners are still running (all, unless one died). */
    long running() {
        return spinners.stream().filter(Process::isAlive).count();
    }

    @Override
    public void close() {
        for (Process p : spinners) {
            p.destroyForcibly();
        }
        for (Process p : spinners) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
