package io.smile.data.ai4i;

/** An endless stream of records for one simulated machine. Not thread-safe. */
@FunctionalInterface
public interface RecordSource {
    Ai4iRecord next();
}
