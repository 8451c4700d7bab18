package io.smile.he.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * A homomorphic-encryption implementation (the pure-Java BGV engine, later possibly a native one).
 * Implementations register themselves for {@link ServiceLoader} in
 * {@code META-INF/services/io.smile.he.api.HeBackend} and need a public no-argument constructor;
 * callers pick one with {@link #byName(String)}. A backend object is stateless and thread-safe;
 * process-wide tuning ({@link #setExpandedKeyCacheBytes}) applies to the implementation, not to one
 * backend object.
 */
public interface HeBackend {
    /** Short, stable identifier, e.g. {@code "bgv-java"}; compared case-insensitively. */
    String name();

    /** Names accepted by {@link HeParameterSpec#preset(String)}, smallest/fastest first. */
    List<String> presetNames();

    /**
     * Opens a session for one parameter set: precomputes tables and starts worker threads. Close it
     * when done.
     *
     * @throws HeException       if the parameters are refused (unknown preset, not NTT-friendly,
     *                           below the security bound without
     *                           {@link HeParameterSpec#allowingInsecureForTestsOnly()}, ...)
     * @throws HeFormatException if serialized parameters cannot be read
     */
    HeSession open(HeParameterSpec spec);

    /**
     * Caps the memory an implementation may spend on re-expanded parts of compactly held evaluation
     * keys (process-wide, for every session of this implementation); 0 = expand on every use. An
     * implementation that holds keys expanded ignores it (the default). Results never depend on it,
     * only time and memory do.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    default void setExpandedKeyCacheBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("expanded-key cache cap must be >= 0 bytes, got " + bytes);
        }
    }

    /** Every backend registered with {@link ServiceLoader} on the context class loader. */
    static List<HeBackend> available() {
        List<HeBackend> out = new ArrayList<>();
        for (HeBackend b : ServiceLoader.load(HeBackend.class)) {
            out.add(b);
        }
        return out;
    }

    /**
     * The registered backend of that name (case-insensitive).
     *
     * @throws HeException if none is registered under that name; the message lists those that are
     */
    static HeBackend byName(String name) {
        Objects.requireNonNull(name, "backend name");
        List<String> names = new ArrayList<>();
        for (HeBackend b : available()) {
            if (b.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return b;
            }
            names.add(b.name());
        }
        throw new HeException("no homomorphic-encryption backend named '" + name + "'; available: "
                + (names.isEmpty() ? "none (is a backend module such as he-bgv on the class path?)" : names));
    }
}
