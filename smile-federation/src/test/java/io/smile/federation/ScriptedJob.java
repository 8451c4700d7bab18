package io.smile.federation;

import java.util.function.BiFunction;

/** A job that contributes scripted vectors (null = sit the round out) and finishes after a number of rounds. */
final class ScriptedJob implements FederatedJob {
    private final int width;
    private final long maxAbs;
    private final int rounds;
    private final BiFunction<Integer, long[], long[]> script;

    ScriptedJob(int width, long maxAbs, int rounds, BiFunction<Integer, long[], long[]> script) {
        this.width = width;
        this.maxAbs = maxAbs;
        this.rounds = rounds;
        this.script = script;
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public long maxAbsValue() {
        return maxAbs;
    }

    @Override
    public long[] contribution(int round, long[] previousSum) {
        return script.apply(round, previousSum);
    }

    @Override
    public boolean finished(int round, long[] sum) {
        return round + 1 >= rounds;
    }
}
