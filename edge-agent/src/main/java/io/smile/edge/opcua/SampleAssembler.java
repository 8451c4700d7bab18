package io.smile.edge.opcua;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * the previous sample (latest values), numbered by a local counter. In periodic-read mode (every
 * node is read at each sampling tick, for servers that report only changed values) a sensor whose
 * source timestamp did not move is unchanged, not missing: a sample is emitted when at least one
 * sensor has a new timestamp and every sensor has a value.
 *
 * <p>What is missed is counted, never silent: a jump in the Sequence numbers is a gap (its samples
 * were never read: counted and logged, throttled), and a sampling tick ({@link #tick()}) after
 * which no new sample came is a silent tick (samples that arrive in a burst cover the ticks they
 * were late for).
 *
 * <p>Attributes read from the server (e.g. the product type) are taken from the same timestamp
 * group if present, else the latest value known. Call {@link #endOfBatch()} after applying all
 * notifications of one publish response, so values that arrived together are evaluated together.
 * Not thread-safe: one OPC UA delivery thread per subscription calls it (methods are synchronized
 * for safety anyway).
 */
final class SampleAssembler {
    private static final Logger LOG = LoggerFactory.getLogger(SampleAssembler.class);
    private static final int MAX_OPEN_GROUPS = 64;
    /** How many ticks a burst of samples may cover (samples delivered late, together). */
    private static final int MAX_TICK_CREDIT = 16;

    private final String machineId;
    private final List<String> sensors;
    private final List<String> attributeNodes;
    private final boolean hasSequence;
    private final LongSupplier clock;
    private final Consumer<Sample> out;
    private final boolean periodicRead;

    private final TreeMap<Long, Group> groups = new TreeMap<>();
    private final Map<String, String> latestAttributes = new HashMap<>();
    private final Map<String, Double> latestValues = new HashMap<>();
    private final Map<String, Boolean> freshValues = new HashMap<>();
    private final Map<String, Long> sensorTimes = new HashMap<>();
    private Long lastSequence;
    private long missed;
    private long gaps;
    private long emittedAtLastTick;
    private long tickCredit;
    private long silentTicks;
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
        this(machineId, sensors, attributeNodes, hasSequence, false, clock, out);
    }

    /** @param periodicRead the nodes are read at every tick (not notified on changes) */
    SampleAssembler(String machineId, List<String> sensors, List<String> attributeNodes, boolean hasSequence,
                    boolean periodicRead, LongSupplier clock, Consumer<Sample> out) {
        this.periodicRead = periodicRead;
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
            Long before = sensorTimes.put(sensor, sourceTime);
            latestValues.put(sensor, value);
            if (!periodicRead || before == null || before != sourceTime) {
                freshValues.put(sensor, true); // a periodic read of an unchanged node is not a new value
            }
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
            boolean anyFresh = false;
            for (String s : sensors) {
                boolean fresh = freshValues.getOrDefault(s, false);
                anyFresh |= fresh;
                if (periodicRead ? !latestValues.containsKey(s) : !fresh) {
                    return;
                }
            }
            if (!anyFresh) {
                return;
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
            checkSequence(g.sequence);
            emitted++;
            out.accept(new Sample(machineId, g.sequence, g.values, attributes, clock.getAsLong()));
        }
    }

    /** Counts (and logs, throttled) the samples a jump in the machine's Sequence numbers skipped. */
    private void checkSequence(long sequence) {
        Long last = lastSequence;
        lastSequence = sequence;
        if (last == null) {
            return;
        }
        if (sequence <= last) {
            LOG.info("machine {}: Sequence restarted at {} (was {}); counting gaps from there", machineId, sequence, last);
            return;
        }
        long skipped = sequence - last - 1;
        if (skipped > 0) {
            missed += skipped;
            gaps++;
            if (gaps <= 10 || gaps % 100 == 0) {
                LOG.warn("machine {}: samples {}..{} were never read (Sequence gap of {}); {} samples missed in {} gaps so far",
                        machineId, last + 1, sequence - 1, skipped, missed, gaps);
            }
        }
    }

    /**
     * One sampling tick of the machine: true (and counted) if no new sample came since the previous
     * tick and no earlier burst covers it. Ticks before the first sample are not counted (the
     * server was not reached yet).
     */
    synchronized boolean tick() {
        long fresh = emitted - emittedAtLastTick;
        emittedAtLastTick = emitted;
        if (emitted == 0) {
            return false;
        }
        if (fresh > 0) {
            tickCredit = Math.min(MAX_TICK_CREDIT, tickCredit + fresh - 1);
            return false;
        }
        if (tickCredit > 0) {
            tickCredit--;
            return false;
        }
        silentTicks++;
        return true;
    }

    /** Samples skipped by gaps in the Sequence numbers. */
    synchronized long missed() {
        return missed;
    }

    /** Gaps in the Sequence numbers. */
    synchronized long gaps() {
        return gaps;
    }

    /** Ticks without a new sample. */
    synchronized long silentTicks() {
        return silentTicks;
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
