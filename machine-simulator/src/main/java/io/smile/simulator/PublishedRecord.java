package io.smile.simulator;

import io.smile.data.ai4i.Ai4iRecord;

import java.util.Objects;

/**
 * A record the simulator has written to a machine's OPC UA nodes (the ground truth for tests).
 *
 * @param machineId machine id
 * @param sequence  per-machine sample number, starting at 1; also the value of the machine's
 *                  sequence node
 * @param record    the values published
 */
public record PublishedRecord(String machineId, long sequence, Ai4iRecord record) {
    public PublishedRecord {
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(record, "record");
    }
}
