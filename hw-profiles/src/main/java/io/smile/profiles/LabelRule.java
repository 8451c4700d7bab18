package io.smile.profiles;

import java.util.Locale;

/**
 * How training labels a window of a machine's history: by a failure-flag column (AI4I), or, for
 * run-to-failure histories, as failing when its last sample is among the last N samples of its
 * unit ("fails within N samples"). A window's label is that of its last sample, the moment an
 * alert would be raised.
 */
public sealed interface LabelRule {
    /** A column whose cell is 1/true (failure) or 0/false. */
    record Column(String column) implements LabelRule {
        public Column {
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException("label column name is empty");
            }
        }

        @Override
        public String toString() {
            return "column:" + column;
        }
    }

    /** The last {@code samples} rows of every unit are labelled failing (run-to-failure data). */
    record FailureWithin(int samples) implements LabelRule {
        public FailureWithin {
            if (samples < 1) {
                throw new IllegalArgumentException("failure-within needs N >= 1, got " + samples);
            }
        }

        @Override
        public String toString() {
            return "failure-within:" + samples;
        }
    }

    /**
     * Parses the command-line form {@code column:<name>} or {@code failure-within:<N>}.
     *
     * @throws IllegalArgumentException with the accepted forms
     */
    static LabelRule parse(String text) {
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon).toLowerCase(Locale.ROOT);
        String arg = colon < 0 ? "" : text.substring(colon + 1);
        switch (kind) {
            case "column":
                return new Column(arg);
            case "failure-within":
                try {
                    return new FailureWithin(Integer.parseInt(arg.trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("failure-within needs a whole number of samples, got '" + arg + "'");
                }
            default:
                throw new IllegalArgumentException("label rule '" + text + "' is neither column:<name> nor failure-within:<N>");
        }
    }
}
