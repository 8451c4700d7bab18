package io.smile.profiles;

import java.util.Map;
import java.util.Objects;

/**
 * Ground-truth label nodes a simulator publishes next to the sensors (Boolean nodes).
 *
 * @param failure the "machine failure" flag
 * @param modes   failure-mode flags by mode name (e.g. TWF, HDF, PWF, OSF, RNF), in file order
 */
public record LabelSpec(NodeIdTemplate failure, Map<String, NodeIdTemplate> modes) {
    public LabelSpec {
        Objects.requireNonNull(failure, "failure");
        modes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(modes));
    }
}
