package io.smile.profiles.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.smile.profiles.BgvSpec;
import io.smile.profiles.BrokerSpec;
import io.smile.profiles.Fleet;
import io.smile.profiles.FleetMachine;
import io.smile.profiles.GatewayProfile;
import io.smile.profiles.GatewaySpec;
import io.smile.profiles.MachineAttribute;
import io.smile.profiles.MachineProfile;
import io.smile.profiles.ProfileError;
import io.smile.profiles.TlsSettings;
import io.smile.profiles.load.ProfileResolver.Resolution;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a fleet: schema first, then the broker (URL, TLS files and password sources), unique
 * gateway and machine ids, the profiles each names (through a {@link ProfileResolver}), pinned
 * attribute values, one namespace per index on a gateway, and whether each machine profile fits
 * its gateway's ciphertexts. Problems of the fleet come first, those inside the profiles it names
 * after them, each profile's once.
 */
public final class FleetReader {
    private final SchemaValidator validator;

    public FleetReader(SchemaValidator validator) {
        this.validator = validator;
    }

    public Fleet read(YamlDocument doc, ProfileResolver resolver) {
        JsonNode root = validator.parseAndValidate(doc, SchemaValidator.Kind.FLEET);
        Issues issues = new Issues(doc.name());
        List<ProfileError> profileErrors = new ArrayList<>();
        Set<String> reportedProfiles = new HashSet<>();

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
            Path base = resolver.directory() != null ? resolver.directory() : Path.of("");
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
            issues.unique(gatewayIds, gatewayId, gp + ".id", "gateway id");
            URI endpoint = uri(issues, gn.get("endpoint").asText(), gp + ".endpoint");

            String gatewayProfileId = gn.get("profile").asText();
            GatewayProfile gatewayProfile = null;
            Resolution<GatewayProfile> resolved = resolver.gateway(gatewayProfileId);
            if (resolved instanceof Resolution.Unknown) {
                issues.add(gp + ".profile", "unknown gateway profile '" + gatewayProfileId + "' (known: "
                        + resolver.known(ProfileResolver.Kind.GATEWAY) + ")");
            } else if (resolved instanceof Resolution.Invalid<GatewayProfile> invalid) {
                if (reportedProfiles.add("gateways/" + gatewayProfileId)) {
                    issues.add(gp + ".profile", "gateway profile '" + gatewayProfileId + "' is invalid (see below)");
                    profileErrors.addAll(invalid.error().errors());
                }
            } else if (resolved instanceof Resolution.Found<GatewayProfile> found) {
                gatewayProfile = found.profile();
            }

            List<FleetMachine> machines = new ArrayList<>();
            Map<Integer, String> namespaceByIndex = new HashMap<>();
            Set<String> capacityChecked = new HashSet<>();
            JsonNode machineNodes = gn.get("machines");
            for (int m = 0; m < machineNodes.size(); m++) {
                JsonNode mn = machineNodes.get(m);
                String mp = gp + ".machines[" + m + "]";
                String machineId = mn.get("id").asText();
                issues.unique(machineIds, machineId, mp + ".id", "machine id");
                String profileId = mn.get("profile").asText();
                Resolution<MachineProfile> r = resolver.machine(profileId);
                if (r instanceof Resolution.Unknown) {
                    issues.add(mp + ".profile", "unknown machine profile '" + profileId + "' (known: "
                            + resolver.known(ProfileResolver.Kind.MACHINE) + ")");
                    continue;
                }
                if (r instanceof Resolution.Invalid<MachineProfile> invalid) {
                    if (reportedProfiles.add("machines/" + profileId)) {
                        issues.add(mp + ".profile", "machine profile '" + profileId + "' is invalid (see below)");
                        profileErrors.addAll(invalid.error().errors());
                    }
                    continue;
                }
                MachineProfile profile = ((Resolution.Found<MachineProfile>) r).profile();
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
                gateways.add(new GatewaySpec(gatewayId, gatewayProfile, endpoint, machines, readMode(gn)));
            }
        }
        issues.addAll(profileErrors);
        issues.throwIfAny();
        return new Fleet(root.get("tenant").asText(), new BrokerSpec(brokerUrl, tls), gateways, doc.name());
    }

    /** {@code read: subscription | periodic} (the schema admits only these two), subscription when absent. */
    private static GatewaySpec.ReadMode readMode(JsonNode gateway) {
        return "periodic".equals(gateway.path("read").asText("subscription"))
                ? GatewaySpec.ReadMode.PERIODIC : GatewaySpec.ReadMode.SUBSCRIPTION;
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
}
