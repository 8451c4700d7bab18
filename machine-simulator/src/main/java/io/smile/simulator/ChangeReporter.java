package io.smile.simulator;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * Reports every value written to a variable node to the data items monitoring its Value, at the
 * moment it is written (exception-based reporting, as a PLC's server does), instead of sampling
 * the node on a timer. Milo's {@code SubscriptionModel} samples: when the simulator's own JVM is
 * starved of CPU, two samples written between two sampling ticks reached the client as one and
 * the edge counted a Sequence gap — a loss made by the test rig, not by the agent. Pushed values
 * queue in each item (the client's queue size) until the next publish.
 */
final class ChangeReporter {
    private final Map<NodeId, List<DataItem>> itemsByNode = new ConcurrentHashMap<>();
    private final Map<NodeId, UaVariableNode> nodes = new ConcurrentHashMap<>();

    /** Observes a node's Value: every write goes to the items monitoring it. */
    void watch(UaVariableNode node) {
        nodes.put(node.getNodeId(), node);
        node.addAttributeObserver(this::changed);
    }

    private void changed(UaNode node, AttributeId attribute, Object value) {
        if (attribute != AttributeId.Value || !(value instanceof DataValue v)) {
            return;
        }
        List<DataItem> items = itemsByNode.get(node.getNodeId());
        if (items != null) {
            for (DataItem item : items) {
                if (item.isSamplingEnabled()) {
                    item.setValue(v);
                }
            }
        }
    }

    /** Whether this reporter serves the item (the Value attribute of a watched node). */
    boolean serves(DataItem item) {
        return item.getReadValueId().getAttributeId().intValue() == AttributeId.Value.id()
                && nodes.containsKey(item.getReadValueId().getNodeId());
    }

    /** A client started monitoring: it gets the current value, then every write. */
    void add(DataItem item) {
        NodeId id = item.getReadValueId().getNodeId();
        itemsByNode.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(item);
        if (item.isSamplingEnabled()) {
            item.setValue(nodes.get(id).getValue());
        }
    }

    void remove(DataItem item) {
        List<DataItem> items = itemsByNode.get(item.getReadValueId().getNodeId());
        if (items != null) {
            items.remove(item);
        }
    }

    /** Monitoring switched (back) on: the item gets the current value again. */
    void modeChanged(MonitoredItem item) {
        if (item instanceof DataItem d && d.isSamplingEnabled() && serves(d)) {
            d.setValue(nodes.get(d.getReadValueId().getNodeId()).getValue());
        }
    }
}
