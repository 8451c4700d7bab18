package io.smile.simulator;

import io.smile.profiles.MachineAttribute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;

/**
 * The simulator's namespaces on one server, one per namespace URI of the machine profiles, each
 * with the index its profiles declare, and the nodes of every machine in its namespace.
 *
 * @param all       the namespaces in index order
 * @param ofMachine the namespace of each machine id, in configuration order
 */
record MachineNamespaces(List<MachineNamespace> all, Map<String, MachineNamespace> ofMachine) {

    /**
     * Registers the namespaces with the server, starts them and adds the nodes of every machine.
     *
     * @throws SimulatorException if two URIs claim one index, or an index is not the one the
     *                            server assigns
     */
    static MachineNamespaces create(OpcUaServer server, List<SimulatedMachine> machines) {
        Map<String, MachineNamespace> byUri = register(server, urisByIndex(machines));
        List<MachineNamespace> all = new ArrayList<>(byUri.values());
        all.forEach(MachineNamespace::startup);
        return new MachineNamespaces(all, addMachines(all.get(0).createRootFolder(), byUri, machines));
    }

    /** The declared namespace URIs by index, in index order. */
    private static Map<Integer, String> urisByIndex(List<SimulatedMachine> machines) {
        Map<Integer, String> uriByIndex = new TreeMap<>();
        for (SimulatedMachine m : machines) {
            int index = m.profile().opcua().namespaceIndex();
            String uri = m.profile().opcua().namespaceUri();
            String other = uriByIndex.putIfAbsent(index, uri);
            if (other != null && !other.equals(uri)) {
                throw new SimulatorException("namespace index ns=" + index + " is declared for both '" + other
                        + "' and '" + uri + "'");
            }
        }
        return uriByIndex;
    }

    /** Registers them in index order (the server numbers them as they come) and checks each index. */
    private static Map<String, MachineNamespace> register(OpcUaServer server, Map<Integer, String> uriByIndex) {
        Map<String, MachineNamespace> byUri = new LinkedHashMap<>();
        for (Map.Entry<Integer, String> e : uriByIndex.entrySet()) {
            MachineNamespace ns = new MachineNamespace(server, e.getValue());
            if (ns.getNamespaceIndex().intValue() != e.getKey()) {
                throw new SimulatorException("machine profile namespace '" + e.getValue() + "' declares ns="
                        + e.getKey() + ", but the server assigned index " + ns.getNamespaceIndex()
                        + " (custom namespaces are numbered from 2 in the order of their declared index;"
                        + " use consecutive indices starting at 2)");
            }
            byUri.put(e.getValue(), ns);
        }
        return byUri;
    }

    private static Map<String, MachineNamespace> addMachines(UaFolderNode root, Map<String, MachineNamespace> byUri,
                                                             List<SimulatedMachine> machines) {
        Map<String, MachineNamespace> namespaceOfMachine = new LinkedHashMap<>();
        for (SimulatedMachine m : machines) {
            MachineNamespace ns = byUri.get(m.profile().opcua().namespaceUri());
            MachineNamespace.MachineNodes nodes = ns.addMachine(root, m);
            for (MachineAttribute a : m.profile().attributes()) {
                // "type" varies per record; every other attribute publishes its first declared value
                if (!"type".equals(a.name())) {
                    nodes.fixedAttributeValues.put(a.name(), a.values().get(0));
                }
            }
            namespaceOfMachine.put(m.id(), ns);
        }
        return namespaceOfMachine;
    }
}
