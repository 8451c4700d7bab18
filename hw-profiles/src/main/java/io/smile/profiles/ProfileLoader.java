package io.smile.profiles;

import io.smile.profiles.load.FleetReader;
import io.smile.profiles.load.GatewayProfileReader;
import io.smile.profiles.load.MachineProfileReader;
import io.smile.profiles.load.ProfileResolver;
import io.smile.profiles.load.SchemaValidator;
import io.smile.profiles.load.YamlDocument;
import java.nio.file.Path;
import java.util.List;

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
 * <p>The work is done in {@link io.smile.profiles.load}; this class is its entry point. Instances
 * are immutable and thread-safe.
 */
public final class ProfileLoader {
    /** Ids of the machine profiles shipped on the classpath. */
    public static final List<String> BUILTIN_MACHINE_PROFILES = ProfileResolver.BUILTIN_MACHINE_PROFILES;
    /** Ids of the gateway profiles shipped on the classpath. */
    public static final List<String> BUILTIN_GATEWAY_PROFILES = ProfileResolver.BUILTIN_GATEWAY_PROFILES;
    /** Names of the fleets shipped on the classpath. */
    public static final List<String> BUILTIN_FLEETS = ProfileResolver.BUILTIN_FLEETS;

    private static final String CLASSPATH_ROOT = ProfileResolver.CLASSPATH_ROOT;

    private final MachineProfileReader machines;
    private final GatewayProfileReader gateways;
    private final FleetReader fleets;

    public ProfileLoader() {
        SchemaValidator validator = new SchemaValidator();
        this.machines = new MachineProfileReader(validator);
        this.gateways = new GatewayProfileReader(validator);
        this.fleets = new FleetReader(validator);
    }

    /** Loads a fleet file and the profiles it refers to. */
    public Fleet loadFleet(Path file) {
        YamlDocument doc = YamlDocument.read(file);
        return fleets.read(doc, resolver(file.toAbsolutePath().getParent()));
    }

    /** Loads a fleet from YAML text; profiles are resolved against {@code profileDir} (if given) and the built-ins. */
    public Fleet parseFleet(String yamlText, String fileName, Path profileDir) {
        return fleets.read(YamlDocument.of(fileName, yamlText), resolver(profileDir));
    }

    /** Loads a fleet shipped on the classpath ({@link #BUILTIN_FLEETS}). */
    public Fleet loadBuiltinFleet(String name) {
        String resource = CLASSPATH_ROOT + "fleets/" + name + ".yaml";
        YamlDocument doc = YamlDocument.classpath(resource).orElseThrow(() -> new ProfileException(new ProfileError(
                "classpath:" + resource, "$", "no built-in fleet '" + name + "' (known: " + BUILTIN_FLEETS + ")")));
        return fleets.read(doc, resolver(null));
    }

    /** Loads a machine profile file; its {@code id} must equal the file name without {@code .yaml}. */
    public MachineProfile loadMachineProfile(Path file) {
        return machines.read(YamlDocument.read(file), YamlDocument.stem(file.getFileName().toString()));
    }

    /** Parses a machine profile from YAML text (no file-name check). */
    public MachineProfile parseMachineProfile(String yamlText, String fileName) {
        return machines.read(YamlDocument.of(fileName, yamlText), null);
    }

    /** Loads a gateway profile file; its {@code id} must equal the file name without {@code .yaml}. */
    public GatewayProfile loadGatewayProfile(Path file) {
        return gateways.read(YamlDocument.read(file), YamlDocument.stem(file.getFileName().toString()));
    }

    /** Parses a gateway profile from YAML text (no file-name check). */
    public GatewayProfile parseGatewayProfile(String yamlText, String fileName) {
        return gateways.read(YamlDocument.of(fileName, yamlText), null);
    }

    /** A built-in machine profile ({@link #BUILTIN_MACHINE_PROFILES}). */
    public MachineProfile builtinMachineProfile(String id) {
        String name = CLASSPATH_ROOT + ProfileResolver.Kind.MACHINE.folder() + "/" + id + ".yaml";
        YamlDocument doc = YamlDocument.classpath(name).orElseThrow(() -> new ProfileException(new ProfileError(
                "classpath:" + name, "$", "unknown machine profile '" + id + "' (known: " + BUILTIN_MACHINE_PROFILES
                + ")")));
        return machines.read(doc, id);
    }

    /** A built-in gateway profile ({@link #BUILTIN_GATEWAY_PROFILES}). */
    public GatewayProfile builtinGatewayProfile(String id) {
        String name = CLASSPATH_ROOT + ProfileResolver.Kind.GATEWAY.folder() + "/" + id + ".yaml";
        YamlDocument doc = YamlDocument.classpath(name).orElseThrow(() -> new ProfileException(new ProfileError(
                "classpath:" + name, "$", "unknown gateway profile '" + id + "' (known: " + BUILTIN_GATEWAY_PROFILES
                + ")")));
        return gateways.read(doc, id);
    }

    /** A fresh resolver per fleet: its cache reports each broken profile once. */
    private ProfileResolver resolver(Path dir) {
        return new ProfileResolver(dir, machines, gateways);
    }
}
