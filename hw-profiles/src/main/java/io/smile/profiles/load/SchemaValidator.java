package io.smile.profiles.load;

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
import io.smile.profiles.ProfileError;
import io.smile.profiles.ProfileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a {@link YamlDocument} (duplicate keys are errors) and validates it against the JSON
 * Schema of its kind ({@code schemas/*.schema.json} on the class path, draft 2020-12), turning the
 * validator's messages into {@code file: $.path: problem} errors. Thread-safe once built.
 */
public final class SchemaValidator {
    /** The kinds of file, each with its schema. */
    public enum Kind {
        MACHINE_PROFILE("machine-profile.schema.json"),
        GATEWAY_PROFILE("gateway-profile.schema.json"),
        FLEET("fleet.schema.json");

        private final String schemaFile;

        Kind(String schemaFile) {
            this.schemaFile = schemaFile;
        }
    }

    private final ObjectMapper yaml;
    private final Map<Kind, JsonSchema> schemas = new EnumMap<>(Kind.class);

    public SchemaValidator() {
        YAMLFactory factory = YAMLFactory.builder().build();
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.yaml = new ObjectMapper(factory);
        JsonSchemaFactory factories = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.LEGACY)
                .locale(Locale.ENGLISH)
                .build();
        for (Kind kind : Kind.values()) {
            schemas.put(kind, schema(factories, config, kind.schemaFile));
        }
    }

    private static JsonSchema schema(JsonSchemaFactory factories, SchemaValidatorsConfig config, String name) {
        try (InputStream in = resource("schemas/" + name)) {
            return factories.getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + name, e);
        }
    }

    /** Parses YAML and validates it against the kind's schema; throws with all schema errors. */
    public JsonNode parseAndValidate(YamlDocument doc, Kind kind) {
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
        for (ValidationMessage m : schemas.get(kind).validate(root)) {
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

    private static InputStream resource(String name) throws IOException {
        InputStream in = SchemaValidator.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("classpath resource not found: " + name);
        }
        return in;
    }
}
