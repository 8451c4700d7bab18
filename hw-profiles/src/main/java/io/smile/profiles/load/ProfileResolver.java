package io.smile.profiles.load;

import io.smile.profiles.GatewayProfile;
import io.smile.profiles.MachineProfile;
import io.smile.profiles.ProfileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Turns the profile ids a fleet names into profiles: {@code machines/X.yaml} or
 * {@code gateways/X.yaml} next to the fleet file first (so a deployment can override a
 * built-in), then the built-ins on the class path ({@code profiles/machines/X.yaml}, ...). Each
 * id is read once per fleet, so a broken profile is reported once however many machines use it.
 * One instance serves one fleet; not thread-safe.
 */
public final class ProfileResolver {
    /** Class-path folder of the built-in profiles and fleets. */
    public static final String CLASSPATH_ROOT = "profiles/";
    /** Ids of the machine profiles shipped on the classpath. */
    public static final List<String> BUILTIN_MACHINE_PROFILES = List.of("ai4i-milling", "centrifugal-pump");
    /** Ids of the gateway profiles shipped on the classpath. */
    public static final List<String> BUILTIN_GATEWAY_PROFILES = List.of("arm-gateway-small", "x86-edge-server");
    /** Names of the fleets shipped on the classpath. */
    public static final List<String> BUILTIN_FLEETS = List.of("example-fleet");

    /** The two kinds of profile a fleet refers to, by folder name. */
    public enum Kind {
        MACHINE("machines", BUILTIN_MACHINE_PROFILES),
        GATEWAY("gateways", BUILTIN_GATEWAY_PROFILES);

        private final String folder;
        private final List<String> builtins;

        Kind(String folder, List<String> builtins) {
            this.folder = folder;
            this.builtins = builtins;
        }

        /** {@code machines} or {@code gateways}: the folder name, next to a fleet and on the class path. */
        public String folder() {
            return folder;
        }
    }

    /** What an id resolved to: a profile, an invalid profile's errors, or nothing of that id. */
    public sealed interface Resolution<T> {
        record Found<T>(T profile) implements Resolution<T> {
        }

        record Invalid<T>(ProfileException error) implements Resolution<T> {
        }

        record Unknown<T>() implements Resolution<T> {
        }
    }

    private final Path dir;
    private final MachineProfileReader machines;
    private final GatewayProfileReader gateways;
    private final Map<String, Resolution<?>> cache = new HashMap<>();

    /**
     * @param dir the fleet file's directory, or null for built-ins only
     */
    public ProfileResolver(Path dir, MachineProfileReader machines, GatewayProfileReader gateways) {
        this.dir = dir;
        this.machines = machines;
        this.gateways = gateways;
    }

    /** The fleet file's directory, or null. */
    public Path directory() {
        return dir;
    }

    /** The document of a profile id: next to the fleet, else built in, else empty. */
    public Optional<YamlDocument> find(Kind kind, String id) {
        if (!id.matches("[a-z0-9][a-z0-9-]*")) {
            return Optional.empty();
        }
        if (dir != null) {
            Path local = dir.resolve(kind.folder).resolve(id + ".yaml");
            if (Files.isRegularFile(local)) {
                return Optional.of(YamlDocument.read(local));
            }
        }
        return YamlDocument.classpath(CLASSPATH_ROOT + kind.folder + "/" + id + ".yaml");
    }

    /** Every id that would resolve: the built-ins and the files next to the fleet, sorted. */
    public List<String> known(Kind kind) {
        TreeSet<String> ids = new TreeSet<>(kind.builtins);
        if (dir != null && Files.isDirectory(dir.resolve(kind.folder))) {
            try (Stream<Path> files = Files.list(dir.resolve(kind.folder))) {
                files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                        .forEach(n -> ids.add(YamlDocument.stem(n)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(ids);
    }

    @SuppressWarnings("unchecked")
    public Resolution<MachineProfile> machine(String id) {
        return (Resolution<MachineProfile>) resolve(Kind.MACHINE, id);
    }

    @SuppressWarnings("unchecked")
    public Resolution<GatewayProfile> gateway(String id) {
        return (Resolution<GatewayProfile>) resolve(Kind.GATEWAY, id);
    }

    private Resolution<?> resolve(Kind kind, String id) {
        return cache.computeIfAbsent(kind.folder + "/" + id, k -> {
            Optional<YamlDocument> doc = find(kind, id);
            if (doc.isEmpty()) {
                return new Resolution.Unknown<>();
            }
            try {
                return new Resolution.Found<>(kind == Kind.MACHINE ? machines.read(doc.get(), id)
                        : gateways.read(doc.get(), id));
            } catch (ProfileException e) {
                return new Resolution.Invalid<>(e);
            }
        });
    }
}
