package io.smile.edge.opcua;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Assembles the per-node OPC UA notifications of one machine into complete, untorn samples.
 *
 * <p>With a Sequence node (the machine writes all nodes of one sample with the same source
 * timestamp and the Sequence node last): notifications are grouped by source timestamp; a group
 * becomes a sample once every sensor and the Sequence value of that timestamp have arrived. Older
 * incomplete groups are then discarded (counted as torn). A group at or before the last emitted
 * timestamp is a re-delivery (e.g. after a subscription was re-created) and is ignored.
 *
 * <p>Without a Sequence node: a sample is emitted once every sensor has reported a new value since
 * the previous sample (latest values), numbered by a local counter.
 *
 * <p>Attributes read from the server (e.g. the product type) are taken from the same timestamp
 * group if present, else the latest value known. Call {@link #endOfBatch()} after applying all
 * notifications of one publish response, so values that arrived together are evaluated together.
 * Not thread-safe: one OPC UA delivery thread per subscription calls it (methods are synchronized
 * for safety anyway).
 */
final class SampleAssembler {
    private static final int MAX_OPEN_GROUPS = 64;

    private final String machineId;
    private final List<String> sensors;
    private final List<String> attributeNodes;
    private final boolean hasSequence;
    private final LongSupplier clock;
    private final Consumer<Sample> out;

    private final TreeMap<Long, Group> groups = new TreeMap<>();
    private final Map<String, String> latestAttributes = new HashMap<>();
    private final Map<String, Double> latestValues = new HashMap<>();
    private final Map<String, Boolean> freshValues = new HashMap<>();
    private long lastEmittedTime = Long.MIN_VALUE;
    private long localSequence;
    private long torn;
    private long emitted;

    private static final class Group {
        final Map<String, Double> values = new HashMap<>();
        final Map<String, String> attributes = new HashMap<>();
        Long sequence;
    }

    SampleAssembler(String machineId, List<String> sensors, boolean hasSequence, LongSupplier clock,
                    Consumer<Sample> out) {
        this(machineId, sensors, List.of(), hasSequence, clock, out);
    }

    /**
     * @param attributeNodes attributes read from the server: with a Sequence node, a sample is
     *                       complete only once their value of the same timestamp has arrived too
     *                       (the machine may change them per sample, e.g. the product type)
     */
    SampleAssembler(String machineId, List<String> sensors, List<String> attributeNodes, boolean hasSequence,
                    LongSupplier clock, Consumer<Sample> out) {
        this.machineId = machineId;
        this.attributeNodes = List.copyOf(attributeNodes);
        this.sensors = List.copyOf(sensors);
        this.hasSequence = hasSequence;
        this.clock = clock;
        this.out = out;
    }

    synchronized void onSensor(String sensor, double value, long sourceTime) {
        if (hasSequence) {
            Group g = group(sourceTime);
            if (g != null) {
                g.values.put(sensor, value);
            }
        } else {
            latestValues.put(sensor, value);
            freshValues.put(sensor, true);
        }
    }

    synchronized void onSequence(long sequence, long sourceTime) {
        if (hasSequence) {
            Group g = group(sourceTime);
            if (g != null) {
                g.sequence = sequence;
            }
        }
    }

    synchronized void onAttribute(String name, String value, long sourceTime) {
        latestAttributes.put(name, value);
        if (hasSequence) {
            Group g = groups.get(sourceTime);
            if (g != null || sourceTime > lastEmittedTime) {
                group(sourceTime).attributes.put(name, value);
            }
        }
    }

    private Group group(long sourceTime) {
        if (sourceTime <= lastEmittedTime) {
            return null; // re-delivery of an already emitted (or older) sample
        }
        Group g = groups.computeIfAbsent(sourceTime, t -> new Group());
        while (groups.size() > MAX_OPEN_GROUPS) {
            Group dropped = groups.pollFirstEntry().getValue();
            if (dropped.sequence != null || !dropped.values.isEmpty()) {
                torn++;
            }
        }
        return g;
    }

    /** Emits every sample completed by the notifications applied since the last call. */
    synchronized void endOfBatch() {
        if (!hasSequence) {
            for (String s : sensors) {
                if (!freshValues.getOrDefault(s, false)) {
                    return;
                }
            }
            freshValues.clear();
            emitted++;
            out.accept(new Sample(machineId, ++localSequence, latestValues, latestAttributes, clock.getAsLong()));
            return;
        }
        // newest complete group wins; everything older that is still incomplete is torn
        Long complete = null;
        for (Map.Entry<Long, Group> e : groups.descendingMap().entrySet()) {
            if (isComplete(e.getValue())) {
                complete = e.getKey();
                break;
            }
        }
        if (complete == null) {
            return;
        }
        // emit complete groups in time order (normally exactly one)
        Iterator<Map.Entry<Long, Group>> it = groups.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Group> e = it.next();
            if (e.getKey() > complete) {
                break;
            }
            it.remove();
            Group g = e.getValue();
            if (!isComplete(g)) {
                if (g.sequence != null || !g.values.isEmpty()) {
                    torn++; // an attribute-only group is no sample, just a static attribute's timestamp
                }
                continue;
            }
            Map<String, String> attributes = new HashMap<>(latestAttributes);
            attributes.putAll(g.attributes);
            lastEmittedTime = e.getKey();
            emitted++;
            out.accept(new Sample(machineId, g.sequence, g.values, attributes, clock.getAsLong()));
        }
    }

    private boolean isComplete(Group g) {
        return g.sequence != null && g.values.keySet().containsAll(sensors) && g.attributes.keySet().containsAll(attributeNodes);
    }

    /** Groups discarded because they never became complete. */
    synchronized long torn() {
        return torn;
    }

    synchronized long emitted() {
        return emitted;
    }
}
