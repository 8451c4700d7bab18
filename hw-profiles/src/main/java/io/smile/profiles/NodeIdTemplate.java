package io.smile.profiles;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OPC UA node id with a string identifier containing the placeholder {@code {machine}}, e.g.
 * {@code ns=2;s={machine}/AirTemperature}.
 *
 * @param namespaceIndex     the {@code ns=} part
 * @param identifierTemplate the {@code s=} part, still containing {@code {machine}}
 */
public record NodeIdTemplate(int namespaceIndex, String identifierTemplate) {
    public static final String PLACEHOLDER = "{machine}";
    private static final Pattern FORM = Pattern.compile("ns=(\\d{1,5});s=(.+)");

    public NodeIdTemplate {
        Objects.requireNonNull(identifierTemplate, "identifierTemplate");
        if (namespaceIndex < 0 || namespaceIndex > 65535) {
            throw new IllegalArgumentException("namespace index must be in 0..65535, got " + namespaceIndex);
        }
        if (!identifierTemplate.contains(PLACEHOLDER)) {
            throw new IllegalArgumentException("node id identifier '" + identifierTemplate + "' has no " + PLACEHOLDER
                    + " placeholder");
        }
    }

    /** Parses {@code ns=<index>;s=<identifier with {machine}>}. */
    public static NodeIdTemplate parse(String text) {
        Matcher m = FORM.matcher(Objects.requireNonNull(text, "text"));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a node id of the form ns=<index>;s=<identifier>: '" + text + "'");
        }
        return new NodeIdTemplate(Integer.parseInt(m.group(1)), m.group(2));
    }

    /** The string identifier for one machine, e.g. {@code Mill01/AirTemperature}. */
    public String identifierFor(String machineId) {
        return identifierTemplate.replace(PLACEHOLDER, Objects.requireNonNull(machineId, "machineId"));
    }

    /** The full node id text for one machine, e.g. {@code ns=2;s=Mill01/AirTemperature}. */
    public String nodeIdFor(String machineId) {
        return "ns=" + namespaceIndex + ";s=" + identifierFor(machineId);
    }

    @Override
    public String toString() {
        return "ns=" + namespaceIndex + ";s=" + identifierTemplate;
    }
}
