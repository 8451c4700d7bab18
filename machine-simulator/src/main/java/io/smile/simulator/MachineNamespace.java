package io.smile.simulator;

import io.smile.data.ai4i.Ai4iRecord;

import io.smile.profiles.MachineAttribute;
import io.smile.profiles.MachineProfile;
import io.smile.profiles.NodeIdTemplate;
import io.smile.profiles.SensorSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * The simulator's OPC UA namespace for one namespace URI: a {@code Machines} folder under Objects
 * (only in the first namespace), one folder per machine, and per machine one Double node per
 * sensor, a String node per attribute, an Int64 sequence node and Boolean label nodes, with the
 * node ids of the machine profile. Values start as Bad_WaitingForInitialData.
 */
final class MachineNamespace extends ManagedNamespaceWithLifecycle {

    /** The nodes of one machine. */
    static final class MachineNodes {
        final Map<String, UaVariableNode> sensors = new LinkedHashMap<>();
        final Map<String, UaVariableNode> attributes = new LinkedHashMap<>();
        final Map<String, String> fixedAttributeValues = new HashMap<>();
        UaVariableNode sequence;
        UaVariableNode failure;
        final Map<String, UaVariableNode> modes = new LinkedHashMap<>();
    }

    /** Items on the machines' values: every write reported (see {@link ChangeReporter}). */
    private final ChangeReporter changes = new ChangeReporter();
    /** Anything else a client monitors (other attributes): sampled, Milo's default. */
    private final SubscriptionModel subscriptionModel;
    private final Map<String, MachineNodes> nodes = new LinkedHashMap<>();

    MachineNamespace(OpcUaServer server, String namespaceUri) {
        super(server, namespaceUri);
        subscriptionModel = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptionModel);
    }

    /** Creates the {@code Machines} folder under Objects; returns it. */
    UaFolderNode createRootFolder() {
        UaFolderNode folder = new UaFolderNode(getNodeContext(), newNodeId("Machines"), newQualifiedName("Machines"),
                LocalizedText.english("Machines"));
        getNodeManager().addNode(folder);
        folder.addReference(new Reference(folder.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(),
                false));
        return folder;
    }

    /** Creates the nodes of one machine in this namespace and links its folder to {@code parent}. */
    MachineNodes addMachine(UaFolderNode parent, SimulatedMachine machine) {
        MachineProfile profile = machine.profile();
        String id = machine.id();
        UaFolderNode folder = new UaFolderNode(getNodeContext(), newNodeId(id), newQualifiedName(id),
                LocalizedText.english(id));
        getNodeManager().addNode(folder);
        parent.addOrganizes(folder);

        MachineNodes m = new MachineNodes();
        for (SensorSpec s : profile.sensors()) {
            String description = (s.description().isEmpty() ? s.name() : s.description()) + " [" + s.unit() + "]";
            m.sensors.put(s.name(), variable(folder, s.nodeId(), id, s.name(), description, NodeIds.Double));
        }
        for (MachineAttribute a : profile.attributes()) {
            m.attributes.put(a.name(), variable(folder, a.nodeId(), id, capitalize(a.name()), a.description(),
                    NodeIds.String));
        }
        profile.opcua().sequenceNode().ifPresent(t -> m.sequence = variable(folder, t, id, "Sequence",
                "number of samples published", NodeIds.Int64));
        profile.labels().ifPresent(l -> {
            m.failure = variable(folder, l.failure(), id, "MachineFailure", "ground truth: machine failure",
                    NodeIds.Boolean);
            l.modes().forEach((mode, t) -> m.modes.put(mode, variable(folder, t, id, mode,
                    "ground truth: failure mode " + mode, NodeIds.Boolean)));
        });
        nodes.put(id, m);
        return m;
    }

    private UaVariableNode variable(UaFolderNode folder, NodeIdTemplate template, String machineId, String name,
                                    String description, NodeId dataType) {
        NodeId nodeId = newNodeId(template.identifierFor(machineId));
        if (getNodeManager().containsNode(nodeId)) {
            throw new SimulatorException("node id " + template.nodeIdFor(machineId) + " (" + name + " of machine "
                    + machineId + ") is used twice");
        }
        UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                .setNodeId(nodeId)
                .setAccessLevel(AccessLevel.READ_ONLY)
                .setUserAccessLevel(AccessLevel.READ_ONLY)
                .setBrowseName(newQualifiedName(name))
                .setDisplayName(LocalizedText.english(name))
                .setDescription(LocalizedText.english(description))
                .setDataType(dataType)
                .setTypeDefinition(NodeIds.BaseDataVariableType)
                .setMinimumSamplingInterval(0.0)
                .build();
        node.setValue(new DataValue(new StatusCode(StatusCodes.Bad_WaitingForInitialData)));
        changes.watch(node);
        getNodeManager().addNode(node);
        folder.addOrganizes(node);
        return node;
    }

    /** Writes one record to the nodes of a machine (all with the same source timestamp). */
    void publish(String machineId, long sequence, Ai4iRecord r) {
        MachineNodes m = nodes.get(machineId);
        DateTime now = DateTime.now();
        m.sensors.forEach((name, node) -> node.setValue(value(r.sensor(name), now)));
        m.attributes.forEach((name, node) -> node.setValue(value("type".equals(name) ? r.type().name()
                : m.fixedAttributeValues.getOrDefault(name, ""), now)));
        if (m.failure != null) {
            m.failure.setValue(value(r.machineFailure(), now));
        }
        m.modes.forEach((mode, node) -> node.setValue(value(r.mode(mode), now)));
        if (m.sequence != null) {
            m.sequence.setValue(value(sequence, now));
        }
    }

    MachineNodes machine(String id) {
        return nodes.get(id);
    }

    List<String> machineIds() {
        return new ArrayList<>(nodes.keySet());
    }

    private static DataValue value(Object v, DateTime time) {
        return new DataValue(new Variant(v), StatusCode.GOOD, time, time);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    @Override
    public void onDataItemsCreated(List<DataItem> dataItems) {
        subscriptionModel.onDataItemsCreated(sampled(dataItems));
        dataItems.stream().filter(changes::serves).forEach(changes::add);
    }

    @Override
    public void onDataItemsModified(List<DataItem> dataItems) {
        subscriptionModel.onDataItemsModified(sampled(dataItems)); // a pushed item has no sampling interval to change
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> dataItems) {
        subscriptionModel.onDataItemsDeleted(sampled(dataItems));
        dataItems.stream().filter(changes::serves).forEach(changes::remove);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
        subscriptionModel.onMonitoringModeChanged(monitoredItems.stream()
                .filter(i -> !(i instanceof DataItem d && changes.serves(d))).toList());
        monitoredItems.forEach(changes::modeChanged);
    }

    private List<DataItem> sampled(List<DataItem> items) {
        return items.stream().filter(i -> !changes.serves(i)).toList();
    }
}
