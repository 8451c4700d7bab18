package io.smile.profiles;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.smile.he.api.HePreset;
import io.smile.he.api.HeSecurityStandard;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Loads and checks machine profiles, gateway profiles and fleets.
 *
 * <p>Every file is first validated against its JSON Schema ({@code schemas/*.schema.json} on the
 * classpath), then cross-checked (unknown profile ids, duplicate ids, ranges, batch size against
 * slots, ...). All problems are reported together in one {@link ProfileException}, each naming the
 * file, the JSON path of the field and what is wrong, e.g.
 * {@code fleet.yaml: $.gateways[0].machines[2].profile: unknown machine profile 'ai4i-mill'}.
 *
 * <p>A fleet refers to profiles by id. The profile {@code X} is looked up as
 * {@code machines/X.yaml} or {@code gateways/X.yaml} in the fleet file's directory first, then
 * among the built-in profiles on the classpath ({@code profiles/machines/X.yaml},
 * {@code profiles/gateways/X.yaml}). A profile's {@code id} must equal its file name.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ProfileLoader {
    /** Ids of the machine profiles shipped on the classpath. */
    public static final List<String> BUILTIN_MACHINE_PROFILES = List.of("ai4i-milling");
    /** Ids of the gateway profiles shipped on the classpath. */
    public static final List<String> BUILTIN_GATEWAY_PROFILES = List.of("arm-gateway-small", "x86-edge-server");
    /** Names of the fleets shipped on the classpath. */
    public static final List<String> BUILTIN_FLEETS = List.of("example-fleet");

    static final String CLASSPATH_ROOT = "profiles/";
    private static final String MACHINES = "machines";
    private static final String GATEWAYS = "gateways";

    private final ObjectMapper yaml;
    private final JsonSchema machineSchema;
    private final JsonSchema gatewaySchema;
    private final JsonSchema fleetSchema;

    public ProfileLoader() {
        YAMLFactory factory = YAMLFactory.builder().build();
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.yaml = new ObjectMapper(factory);
        JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.LEGACY)
                .locale(Locale.ENGLISH)
                .build();
        this.machineSchema = schema(schemas, config, "machine-profile.schema.json");
        this.gatewaySchema = schema(schemas, config, "gateway-profile.schema.json");
        this.fleetSchema = schema(schemas, config, "fleet.schema.json");
    }

    private static JsonSchema schema(JsonSchemaFactory schemas, SchemaValidatorsConfig config, String name) {
        try (InputStream in = resource("schemas/" + name)) {
            return schemas.getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + name, e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // public API

    /** Loads a fleet file and the profiles it refers to. */
    public Fleet loadFleet(Path file) {
        Document doc = Document.read(file);
        return fleet(doc, new Resolver(file.toAbsolutePath().getParent()));
    }

    /** Loads a fleet from YAML text; profiles are resolved against {@code profileDir} (if given) and the built-ins. */
    public Fleet parseFleet(String yamlText, String fileName, Path profileDir) {
        return fleet(new Document(fileName, yamlText, null), new Resolver(profileDir));
    }

    /** Loads a fleet shipped on the classpath ({@link #BUILTIN_FLEETS}). */
    public Fleet loadBuiltinFleet(String name) {
        Document doc = Document.classpath(CLASSPATH_ROOT + "fleets/" + name + ".yaml")
                .orElseThrow(() -> new ProfileException(new ProfileError("classpath:" + CLASSPATH_ROOT + "fleets/"
                        + name + ".yaml", "$", "no built-in fleet '" + name + "' (known: " + BUILTIN_FLEETS + ")")));
        return fleet(doc, new Resolver(null));
    }

    /** Loads a machine profile file; its {@code id} must equal the file name without {@code .yaml}. */
    public MachineProfile loadMachineProfile(Path file) {
        return machineProfile(Document.read(file), stem(file.getFileName().toString()));
    }

    /** Parses a machine profile from YAML text (no file-name check). */
    public MachineProfile parseMachineProfile(String yamlText, String fileName) {
        return machineProfile(new Document(fileName, yamlText, null), null);
    }

    /** Loads a gateway profile file; its {@code id} must equal the file name without {@code .yaml}. */
    public GatewayProfile loadGatewayProfile(Path file) {
        return gatewayProfile(Document.read(file), stem(file.getFileName().toString()));
    }

    /** Parses a gateway profile from YAML text (no file-name check). */
    public GatewayProfile parseGatewayProfile(String yamlText, String fileName) {
        return gatewayProfile(new Document(fileName, yamlText, null), null);
    }

    /** A built-in machine profile ({@link #BUILTIN_MACHINE_PROFILES}). */
    public MachineProfile builtinMachineProfile(String id) {
        String name = CLASSPATH_ROOT + MACHINES + "/" + id + ".yaml";
        Document doc = Document.classpath(name).orElseThrow(() -> new ProfileException(new ProfileError(
                "classpath:" + name, "$", "unknown machine profile '" + id + "' (known: " + BUILTIN_MACHINE_PROFILES
                + ")")));
        return machineProfile(doc, id);
    }

    /** A built-in gateway profile ({@link #BUILTIN_GATEWAY_PROFILES}). */
    public GatewayProfile builtinGatewayProfile(String id) {
        String name = CLASSPATH_ROOT + GATEWAYS + "/" + id + ".yaml";
        Document doc = Document.classpath(name).orElseThrow(() -> new ProfileException(new ProfileError(
                "classpath:" + name, "$", "unknown gateway profile '" + id + "' (known: " + BUILTIN_GATEWAY_PROFILES
                + ")")));
        return gatewayProfile(doc, id);
    }

    // ------------------------------------------------------------------------------------------
    // documents

    /** A YAML text with the name it is reported under. */
    private record Document(String name, String text, Path path) {
        static Document read(Path file) {
            try {
                return new Document(file.toString(), Files.readString(file, StandardCharsets.UTF_8), file);
            } catch (NoSuchFileException e) {
                throw new ProfileException(new ProfileError(file.toString(), "$", "file not found"), e);
            } catch (IOException e) {
                throw new ProfileException(new ProfileError(file.toString(), "$", "cannot read file: " + e), e);
            }
        }

        static Optional<Document> classpath(String resourceName) {
            try (InputStream in = ProfileLoader.class.getClassLoader().getResourceAsStream(resourceName)) {
                if (in == null) {
                    return Optional.empty();
                }
                return Optional.of(new Document("classpath:" + resourceName,
                        new String(in.readAllBytes(), StandardCharsets.UTF_8), null));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read classpath resource " + resourceName, e);
            }
        }
    }

    /** Parses YAML and validates it against a schema; throws with all schema errors. */
    private JsonNode parseAndValidate(Document doc, JsonSchema schema) {
        JsonNode root;
        try {
            root = yaml.readTree(doc.text());
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            String detail = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().replaceAll("\\s+", " ");
            throw new ProfileException(new ProfileError(doc.name(), "$", "invalid YAML" + where + ": " + detail), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ProfileException(new ProfileError(doc.name(), "$", "the file is empty"));
        }
        List<ProfileError> errors = new ArrayList<>();
        for (ValidationMessage m : schema.validate(root)) {
            errors.add(schemaError(doc.name(), m));
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(ProfileError::path).thenComparing(ProfileError::message));
            throw new ProfileException(errors);
        }
        return root;
    }

    /** Readable explanations of the schemas' regular expressions. */
    private static final Map<String, String> PATTERN_HINTS = Map.of(
            "^(tcp|ssl)://[^/\\s]+:[0-9]{1,5}$",
            "must be an MQTT broker URL tcp://host:port or ssl://host:port",
            "^opc\\.tcp://[^/\\s]+:[0-9]{1,5}(/\\S*)?$",
            "must be an OPC UA endpoint URL opc.tcp://host:port[/path]",
            "^ns=[0-9]+;s=.*\\{machine\\}.*$",
            "must be a node id ns=<index>;s=<identifier> whose identifier contains {machine}",
            "^[a-z0-9][a-z0-9-]*$",
            "must be an id of lower-case letters, digits and '-'",
            "^[a-z][a-z0-9_]*$",
            "must be a name of lower-case letters, digits and '_', starting with a letter",
            "^[A-Za-z0-9][A-Za-z0-9_-]*$",
            "must be a machine id of letters, digits, '_' and '-'",
            "^[A-Z_][A-Z0-9_]*$",
            "must be an environment variable name (upper-case letters, digits, '_')",
            "^(urn|http|https):\\S+$",
            "must be a namespace URI (urn:..., http://... or https://...)");

    static ProfileError schemaError(String file, ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        String type = m.getType();
        String property = m.getProperty();
        if ("required".equals(type) && property != null) {
            return new ProfileError(file, at + "." + property, "required field is missing");
        }
        if ("additionalProperties".equals(type) && property != null) {
            return new ProfileError(file, at + "." + property, "unknown field (not allowed here)");
        }
        String msg = m.getMessage();
        if (msg.startsWith(at + ": ")) {
            msg = msg.substring(at.length() + 2);
        }
        if ("pattern".equals(type) && m.getSchemaNode() != null) {
            String hint = PATTERN_HINTS.get(m.getSchemaNode().asText());
            if (hint != null) {
                msg = hint;
            }
        }
        JsonNode value = m.getInstanceNode();
        if (value != null && value.isValueNode() && !"type".equals(type)) {
            msg = msg + " (value: " + value + ")";
        }
        return new ProfileError(file, at, msg);
    }

    // ------------------------------------------------------------------------------------------
    // error collection

    private static final class Issues {
        final String file;
        final List<ProfileError> errors = new ArrayList<>();

        Issues(String file) {
            this.file = file;
        }

        void add(String path, String message) {
            errors.add(new ProfileError(file, path, message));
        }

        void addAll(List<ProfileError> more) {
            errors.addAll(more);
        }

        void throwIfAny() {
            if (!errors.isEmpty()) {
                throw new ProfileException(errors);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // machine profiles

    private MachineProfile machineProfile(Document doc, String expectedId) {
        JsonNode root = parseAndValidate(doc, machineSchema);
        Issues issues = new Issues(doc.name());
        String id = root.get("id").asText();
        if (expectedId != null && !expectedId.equals(id)) {
            issues.add("$.id", "profile id '" + id + "' does not match the file name '" + expectedId + ".yaml'");
        }

        Map<String, String> nodeIdOwners = new HashMap<>();
        int[] nsIndex = {-1};
        String[] nsIndexOwner = {null};

        // attributes
        List<MachineAttribute> attributes = new ArrayList<>();
        Map<String, String> attributeNames = new HashMap<>();
        JsonNode attrs = root.path("attributes");
        for (int i = 0; i < attrs.size(); i++) {
            JsonNode a = attrs.get(i);
            String p = "$.attributes[" + i + "]";
            String name = a.get("name").asText();
            unique(issues, attributeNames, name, p + ".name", "attribute name");
            NodeIdTemplate node = nodeId(issues, a.get("nodeId").asText(), p + ".nodeId", nodeIdOwners, nsIndex,
                    nsIndexOwner);
            List<String> values = new ArrayList<>();
            a.get("values").forEach(v -> values.add(v.asText()));
            if (node != null) {
                attributes.add(new MachineAttribute(name, a.path("description").asText(""), values, node));
            }
        }

        // sensors
        JsonNode opcua = root.get("opcua");
        Map<String, String> signalNames = new HashMap<>();
        Map<String, ValueRange> signalRanges = new HashMap<>();
        Map<String, Integer> signalScales = new HashMap<>();
        List<SensorSpec> sensors = new ArrayList<>();
        JsonNode sensorNodes = opcua.get("sensors");
        for (int i = 0; i < sensorNodes.size(); i++) {
            JsonNode s = sensorNodes.get(i);
            String p = "$.opcua.sensors[" + i + "]";
            String name = s.get("name").asText();
            boolean fresh = unique(issues, signalNames, name, p + ".name", "sensor name");
            NodeIdTemplate node = nodeId(issues, s.get("nodeId").asText(), p + ".nodeId", nodeIdOwners, nsIndex,
                    nsIndexOwner);
            ValueRange range = range(issues, s.get("range"), p + ".range");
            int scale = s.get("scale").asInt();
            if (scale <= 0) {
                issues.add(p + ".scale", "scale must be > 0, got " + scale);
            }
            if (node != null && range != null && scale > 0) {
                sensors.add(new SensorSpec(name, s.path("description").asText(""), node, s.get("unit").asText(),
                        range, scale, s.get("samplingIntervalMs").asInt()));
                if (fresh) {
                    signalRanges.put(name, range);
                    signalScales.put(name, scale);
                }
            }
        }
        Optional<NodeIdTemplate> sequence = Optional.empty();
        if (opcua.has("sequenceNodeId")) {
            sequence = Optional.ofNullable(nodeId(issues, opcua.get("sequenceNodeId").asText(),
                    "$.opcua.sequenceNodeId", nodeIdOwners, nsIndex, nsIndexOwner));
        }

        // derived signals
        JsonNode window = root.get("window");
        int length = window.get("length").asInt();
        List<DerivedSignal> derived = new ArrayList<>();
        JsonNode derivedNodes = window.path("derived");
        for (int i = 0; i < derivedNodes.size(); i++) {
            JsonNode d = derivedNodes.get(i);
            String p = "$.window.derived[" + i + "]";
            String name = d.get("name").asText();
            boolean fresh = unique(issues, signalNames, name, p + ".name", "signal name (sensors and derived signals)");
            List<String> inputs = new ArrayList<>();
            List<ValueRange> inputRanges = new ArrayList<>();
            for (int k = 0; k < d.get("inputs").size(); k++) {
                String in = d.get("inputs").get(k).asText();
                inputs.add(in);
                Optional<SensorSpec> sensor = sensors.stream().filter(x -> x.name().equals(in)).findFirst();
                if (sensor.isEmpty()) {
                    issues.add(p + ".inputs[" + k + "]", "unknown sensor '" + in + "' (known: "
                            + sensors.stream().map(SensorSpec::name).toList() + ")");
                } else {
                    inputRanges.add(sensor.get().range());
                }
            }
            int scale = d.get("scale").asInt();
            DerivedFunction function = DerivedFunction.fromYaml(d.get("function").asText());
            if (inputRanges.size() == 2) {
                ValueRange r = function.range(inputRanges.get(0), inputRanges.get(1));
                derived.add(new DerivedSignal(name, d.path("description").asText(""), function, inputs,
                        d.get("unit").asText(), scale, r));
                if (fresh) {
                    signalRanges.put(name, r);
                    signalScales.put(name, scale);
                }
            }
        }

        // features
        List<FeatureSpec> features = new ArrayList<>();
        Map<String, String> featureNames = new HashMap<>();
        JsonNode featureNodes = window.get("features");
        for (int i = 0; i < featureNodes.size(); i++) {
            JsonNode f = featureNodes.get(i);
            String p = "$.window.features[" + i + "]";
            String name = f.get("name").asText();
            unique(issues, featureNames, name, p + ".name", "feature name");
            String source = f.get("source").asText();
            Aggregate aggregate = Aggregate.fromYaml(f.get("aggregate").asText());
            double center = f.path("center").asDouble(0);
            double spread = f.path("spread").asDouble(1);
            Optional<MachineAttribute> attribute = attributes.stream().filter(a -> a.name().equals(source)).findFirst();
            if (attribute.isPresent()) {
                // a categorical attribute enters the model as the index of its value
                ValueRange r = new ValueRange(0, Math.max(1, attribute.get().values().size() - 1));
                features.add(new FeatureSpec(name, source, aggregate, 1, r, center, spread));
            } else if (!signalNames.containsKey(source)) {
                issues.add(p + ".source", "unknown sensor, derived signal or attribute '" + source + "' (known: "
                        + new TreeSet<>(signalNames.keySet()) + ", attributes " + attributes.stream().map(MachineAttribute::name).toList() + ")");
            } else if (signalRanges.containsKey(source)) {
                ValueRange r = signalRanges.get(source);
                if (aggregate == Aggregate.SUM) {
                    r = new ValueRange(Math.min(r.min() * length, r.min()), Math.max(r.max() * length, r.max()));
                }
                features.add(new FeatureSpec(name, source, aggregate, signalScales.get(source), r, center, spread));
            }
        }

        // labels
        Optional<LabelSpec> labels = Optional.empty();
        if (root.has("labels")) {
            JsonNode l = root.get("labels");
            NodeIdTemplate failure = nodeId(issues, l.get("failure").asText(), "$.labels.failure", nodeIdOwners,
                    nsIndex, nsIndexOwner);
            Map<String, NodeIdTemplate> modes = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : l.path("modes").properties()) {
                NodeIdTemplate t = nodeId(issues, e.getValue().asText(), "$.labels.modes." + e.getKey(),
                        nodeIdOwners, nsIndex, nsIndexOwner);
                if (t != null) {
                    modes.put(e.getKey(), t);
                }
            }
            if (failure != null) {
                labels = Optional.of(new LabelSpec(failure, modes));
            }
        }

        int resolution = window.path("quantization").path("resolution").asInt(WindowSpec.DEFAULT_RESOLUTION);
        int clip = window.path("quantization").path("clip").asInt(WindowSpec.DEFAULT_CLIP);
        if (clip < resolution) {
            issues.add("$.window.quantization.clip", "clip (" + clip + ") must be at least the resolution (" + resolution + ")");
        }
        issues.throwIfAny();
        OpcUaSpec opcuaSpec = new OpcUaSpec(opcua.get("namespaceUri").asText(), nsIndex[0], sensors, sequence);
        return new MachineProfile(id, root.get("description").asText(), root.get("vendor").asText(),
                root.get("model").asText(), attributes, opcuaSpec, new WindowSpec(length, derived, features, resolution, clip), labels,
                doc.name());
    }

    private static boolean unique(Issues issues, Map<String, String> seen, String name, String path, String what) {
        String first = seen.putIfAbsent(name, path);
        if (first != null) {
            issues.add(path, "duplicate " + what + " '" + name + "' (first at " + first + ")");
            return false;
        }
        return true;
    }

    private static NodeIdTemplate nodeId(Issues issues, String text, String path, Map<String, String> owners,
                                         int[] nsIndex, String[] nsIndexOwner) {
        NodeIdTemplate t;
        try {
            t = NodeIdTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            issues.add(path, e.getMessage());
            return null;
        }
        String first = owners.putIfAbsent(t.identifierTemplate(), path);
        if (first != null) {
            issues.add(path, "node id '" + text + "' is already used by " + first);
        }
        if (nsIndex[0] < 0) {
            nsIndex[0] = t.namespaceIndex();
            nsIndexOwner[0] = path;
        } else if (nsIndex[0] != t.namespaceIndex()) {
            issues.add(path, "namespace index " + t.namespaceIndex() + " differs from ns=" + nsIndex[0] + " used by "
                    + nsIndexOwner[0] + " (all node ids of a profile live in its one namespace)");
        }
        return t;
    }

    private static ValueRange range(Issues issues, JsonNode node, String path) {
        double min = node.get(0).asDouble();
        double max = node.get(1).asDouble();
        if (!(min < max)) {
            issues.add(path, "range min (" + node.get(0) + ") must be less than max (" + node.get(1) + ")");
            return null;
        }
        return new ValueRange(min, max);
    }

    // ------------------------------------------------------------------------------------------
    // gateway profiles

    private GatewayProfile gatewayProfile(Document doc, String expectedId) {
        JsonNode root = parseAndValidate(doc, gatewaySchema);
        Issues issues = new Issues(doc.name());
        String id = root.get("id").asText();
        if (expectedId != null && !expectedId.equals(id)) {
            issues.add("$.id", "profile id '" + id + "' does not match the file name '" + expectedId + ".yaml'");
        }
        JsonNode hw = root.get("hardware");
        int cores = hw.get("cores").asInt();
        int memoryMb = hw.get("memoryMb").asInt();
        Optional<String> arch = hw.has("arch") ? Optional.of(hw.get("arch").asText()) : Optional.empty();
        int threads = root.get("threads").asInt();
        if (threads > cores) {
            issues.add("$.threads", "threads (" + threads + ") must not exceed hardware.cores (" + cores + ")");
        }

        JsonNode bgvNode = root.get("bgv");
        BgvSpec bgv = null;
        if (bgvNode.has("preset") == bgvNode.has("custom")) {
            issues.add("$.bgv", "give exactly one of 'preset' (one of "
                    + List.of(HePreset.values()) + ") or 'custom'");
        } else if (bgvNode.has("preset")) {
            bgv = BgvSpec.of(HePreset.valueOf(bgvNode.get("preset").asText()));
        } else {
            bgv = customBgv(issues, bgvNode.get("custom"));
        }
        int batch = root.get("machinesPerCiphertext").asInt();
        if (bgv != null && batch > bgv.slots()) {
            issues.add("$.machinesPerCiphertext", "batch size " + batch + " exceeds the " + bgv.slots()
                    + " slots of a ciphertext (ring degree " + bgv.degree() + ")");
        }
        issues.throwIfAny();
        return new GatewayProfile(id, root.get("description").asText(), cores, memoryMb, arch, bgv, batch, threads,
                doc.name());
    }

    private static BgvSpec customBgv(Issues issues, JsonNode c) {
        String p = "$.bgv.custom";
        int degree = c.get("degree").asInt();
        long t = c.get("plainModulus").asLong();
        List<Integer> q = new ArrayList<>();
        c.get("ciphertextPrimeBits").forEach(n -> q.add(n.asInt()));
        List<Integer> sp = new ArrayList<>();
        c.get("specialPrimeBits").forEach(n -> sp.add(n.asInt()));
        int before = issues.errors.size();
        if (!BigInteger.valueOf(t).isProbablePrime(64)) {
            issues.add(p + ".plainModulus", "plain modulus " + t + " is not prime");
        } else if ((t - 1) % (2L * degree) != 0) {
            issues.add(p + ".plainModulus", "plain modulus " + t + " is not 1 mod 2N = " + (2L * degree)
                    + "; batching (one value per slot) needs t ≡ 1 (mod 2N)");
        }
        int minQ = q.stream().mapToInt(Integer::intValue).min().orElse(0);
        if (64 - Long.numberOfLeadingZeros(t) >= minQ) {
            issues.add(p + ".plainModulus", "plain modulus " + t + " must be smaller than the smallest ciphertext"
                    + " prime (" + minQ + " bits)");
        }
        BgvSpec spec = new BgvSpec(Optional.empty(), degree, t, q, sp);
        int bound = HeSecurityStandard.maxLog2QP128(degree);
        if (spec.totalModulusBits() > bound) {
            issues.add(p, "log2(QP) = " + spec.totalModulusBits() + " bits exceeds the 128-bit security bound of "
                    + bound + " bits for degree " + degree);
        }
        return issues.errors.size() == before ? spec : null;
    }

    // ------------------------------------------------------------------------------------------
    // fleets

    /** Finds profile documents next to the fleet file, then on the classpath. */
    private final class Resolver {
        private final Path dir;
        private final Map<String, Object> cache = new HashMap<>();

        Resolver(Path dir) {
            this.dir = dir;
        }

        Optional<Document> find(String kind, String id) {
            if (!id.matches("[a-z0-9][a-z0-9-]*")) {
                return Optional.empty();
            }
            if (dir != null) {
                Path local = dir.resolve(kind).resolve(id + ".yaml");
                if (Files.isRegularFile(local)) {
                    return Optional.of(Document.read(local));
                }
            }
            return Document.classpath(CLASSPATH_ROOT + kind + "/" + id + ".yaml");
        }

        List<String> known(String kind) {
            TreeSet<String> ids = new TreeSet<>(MACHINES.equals(kind) ? BUILTIN_MACHINE_PROFILES
                    : BUILTIN_GATEWAY_PROFILES);
            if (dir != null && Files.isDirectory(dir.resolve(kind))) {
                try (Stream<Path> files = Files.list(dir.resolve(kind))) {
                    files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                            .forEach(n -> ids.add(stem(n)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return List.copyOf(ids);
        }

        /** The profile, or a ProfileException (cached, so each problem is reported once). */
        Object resolve(String kind, String id) {
            return cache.computeIfAbsent(kind + "/" + id, k -> {
                Optional<Document> doc = find(kind, id);
                if (doc.isEmpty()) {
                    return null;
                }
                try {
                    return MACHINES.equals(kind) ? machineProfile(doc.get(), id) : gatewayProfile(doc.get(), id);
                } catch (ProfileException e) {
                    return e;
                }
            });
        }
    }

    private Fleet fleet(Document doc, Resolver resolver) {
        JsonNode root = parseAndValidate(doc, fleetSchema);
        Issues issues = new Issues(doc.name());
        List<ProfileError> profileErrors = new ArrayList<>();
        java.util.Set<String> reportedProfiles = new java.util.HashSet<>();

        // broker
        JsonNode brokerNode = root.get("broker");
        URI brokerUrl = uri(issues, brokerNode.get("url").asText(), "$.broker.url");
        Optional<TlsSettings> tls = Optional.empty();
        if (brokerNode.has("tls")) {
            JsonNode t = brokerNode.get("tls");
            if (brokerUrl != null && !"ssl".equals(brokerUrl.getScheme())) {
                issues.add("$.broker.tls", "TLS settings need an ssl:// broker url, but the url is "
                        + brokerUrl);
            }
            Path base = resolver.dir != null ? resolver.dir : Path.of("");
            tls = Optional.of(new TlsSettings(base.resolve(t.get("truststore").asText()).normalize(),
                    t.path("truststoreType").asText("PKCS12"), passwordSource(issues, t, "truststore", base),
                    optionalText(t, "keystore").map(k -> base.resolve(k).normalize()),
                    t.path("keystoreType").asText("PKCS12"), passwordSource(issues, t, "keystore", base)));
            if (!t.has("keystore") && (t.has("keystorePasswordEnv") || t.has("keystorePasswordFile"))) {
                issues.add("$.broker.tls", "a keystore password is given but no keystore");
            }
        }

        Map<String, String> gatewayIds = new HashMap<>();
        Map<String, String> machineIds = new HashMap<>();
        List<GatewaySpec> gateways = new ArrayList<>();
        JsonNode gatewayNodes = root.get("gateways");
        for (int g = 0; g < gatewayNodes.size(); g++) {
            JsonNode gn = gatewayNodes.get(g);
            String gp = "$.gateways[" + g + "]";
            String gatewayId = gn.get("id").asText();
            unique(issues, gatewayIds, gatewayId, gp + ".id", "gateway id");
            URI endpoint = uri(issues, gn.get("endpoint").asText(), gp + ".endpoint");

            String gatewayProfileId = gn.get("profile").asText();
            GatewayProfile gatewayProfile = null;
            Object resolved = resolver.resolve(GATEWAYS, gatewayProfileId);
            if (resolved == null) {
                issues.add(gp + ".profile", "unknown gateway profile '" + gatewayProfileId + "' (known: "
                        + resolver.known(GATEWAYS) + ")");
            } else if (resolved instanceof ProfileException e) {
                if (reportedProfiles.add(GATEWAYS + "/" + gatewayProfileId)) {
                    issues.add(gp + ".profile", "gateway profile '" + gatewayProfileId + "' is invalid (see below)");
                    profileErrors.addAll(e.errors());
                }
            } else {
                gatewayProfile = (GatewayProfile) resolved;
            }

            List<FleetMachine> machines = new ArrayList<>();
            Map<Integer, String> namespaceByIndex = new HashMap<>();
            java.util.Set<String> capacityChecked = new java.util.HashSet<>();
            JsonNode machineNodes = gn.get("machines");
            for (int m = 0; m < machineNodes.size(); m++) {
                JsonNode mn = machineNodes.get(m);
                String mp = gp + ".machines[" + m + "]";
                String machineId = mn.get("id").asText();
                unique(issues, machineIds, machineId, mp + ".id", "machine id");
                String profileId = mn.get("profile").asText();
                Object r = resolver.resolve(MACHINES, profileId);
                if (r == null) {
                    issues.add(mp + ".profile", "unknown machine profile '" + profileId + "' (known: "
                            + resolver.known(MACHINES) + ")");
                    continue;
                }
                if (r instanceof ProfileException e) {
                    if (reportedProfiles.add(MACHINES + "/" + profileId)) {
                        issues.add(mp + ".profile", "machine profile '" + profileId + "' is invalid (see below)");
                        profileErrors.addAll(e.errors());
                    }
                    continue;
                }
                MachineProfile profile = (MachineProfile) r;
                Map<String, String> attributes = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : mn.path("attributes").properties()) {
                    String ap = mp + ".attributes." + e.getKey();
                    Optional<MachineAttribute> attr = profile.attribute(e.getKey());
                    if (attr.isEmpty()) {
                        issues.add(ap, "machine profile '" + profileId + "' has no attribute '" + e.getKey()
                                + "' (known: " + profile.attributes().stream().map(MachineAttribute::name).toList()
                                + ")");
                    } else if (!attr.get().values().contains(e.getValue().asText())) {
                        issues.add(ap, "value '" + e.getValue().asText() + "' is not one of "
                                + attr.get().values());
                    } else {
                        attributes.put(e.getKey(), e.getValue().asText());
                    }
                }
                String previousUri = namespaceByIndex.putIfAbsent(profile.opcua().namespaceIndex(),
                        profile.opcua().namespaceUri());
                if (previousUri != null && !previousUri.equals(profile.opcua().namespaceUri())) {
                    issues.add(mp + ".profile", "machine profile '" + profileId + "' uses ns="
                            + profile.opcua().namespaceIndex() + " for namespace '" + profile.opcua().namespaceUri()
                            + "', but another machine of this gateway uses that index for '" + previousUri + "'");
                }
                if (gatewayProfile != null && capacityChecked.add(profileId)) {
                    checkCapacity(issues, mp + ".profile", profile, gatewayProfile);
                }
                machines.add(new FleetMachine(machineId, profile, attributes));
            }
            if (gatewayProfile != null && endpoint != null) {
                gateways.add(new GatewaySpec(gatewayId, gatewayProfile, endpoint, machines));
            }
        }
        issues.addAll(profileErrors);
        issues.throwIfAny();
        return new Fleet(root.get("tenant").asText(), new BrokerSpec(brokerUrl, tls), gateways, doc.name());
    }

    /**
     * Batch size times the slot block (features plus the constant slot, rounded up to a power of
     * two) must fit the slots; quantized feature values (at most the clip) must fit the plaintext
     * modulus.
     */
    private static void checkCapacity(Issues issues, String path, MachineProfile machine, GatewayProfile gateway) {
        BgvSpec bgv = gateway.bgv();
        int block = Integer.highestOneBit(machine.featureCount()) << 1;
        long needed = (long) gateway.machinesPerCiphertext() * block;
        if (needed > bgv.slots()) {
            issues.add(path, "gateway profile '" + gateway.id() + "' packs " + gateway.machinesPerCiphertext()
                    + " machines per ciphertext; with the " + machine.featureCount() + " features (+1 constant slot, block of "
                    + block + ") of machine profile '" + machine.id() + "' that needs " + needed + " slots, but a ciphertext has "
                    + bgv.slots());
        }
        if (machine.window().clip() > bgv.maxAbsSlotValue()) {
            issues.add(path, "quantized features of machine profile '" + machine.id() + "' reach ±" + machine.window().clip()
                    + ", beyond the plaintext range ±" + bgv.maxAbsSlotValue() + " of gateway profile '" + gateway.id()
                    + "' (t = " + bgv.plainModulus() + ")");
        }
    }

    /** {@code <store>PasswordEnv} or {@code <store>PasswordFile} (resolved against the fleet's directory), not both. */
    private static Optional<TlsSettings.PasswordSource> passwordSource(Issues issues, JsonNode tls, String store, Path base) {
        Optional<String> env = optionalText(tls, store + "PasswordEnv");
        Optional<String> file = optionalText(tls, store + "PasswordFile");
        if (env.isPresent() && file.isPresent()) {
            issues.add("$.broker.tls", "give " + store + "PasswordEnv or " + store + "PasswordFile, not both");
        }
        if (env.isPresent()) {
            return Optional.of(new TlsSettings.PasswordEnv(env.get()));
        }
        return file.map(f -> new TlsSettings.PasswordFile(base.resolve(f).normalize()));
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        return node.has(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
    }

    private static URI uri(Issues issues, String text, String path) {
        try {
            URI u = new URI(text);
            if (u.getHost() == null) {
                issues.add(path, "no host name in '" + text + "'");
                return null;
            }
            if (u.getPort() < 1 || u.getPort() > 65535) {
                issues.add(path, "port must be in 1..65535 in '" + text + "'");
                return null;
            }
            return u;
        } catch (URISyntaxException e) {
            issues.add(path, "not a valid URL: " + e.getMessage());
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------

    private static String stem(String fileName) {
        if (fileName.endsWith(".yaml")) {
            return fileName.substring(0, fileName.length() - 5);
        }
        if (fileName.endsWith(".yml")) {
            return fileName.substring(0, fileName.length() - 4);
        }
        return fileName;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = ProfileLoader.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("classpath resource not found: " + name);
        }
        return in;
    }
}
