package io.smile.profiles;

import java.util.List;
import java.util.Objects;

/**
 * A per-sample signal computed from two sensors (e.g. {@code temp_diff = process - air}).
 *
 * @param name        signal name, usable as a feature source
 * @param description free text (may be empty)
 * @param function    what is computed
 * @param inputs      the two sensor names, in the function's argument order
 * @param unit        engineering unit of the result
 * @param scale       fixed-point scale of the result
 * @param range       bound of the result, computed from the input sensors' ranges
 */
public record DerivedSignal(String name, String description, DerivedFunction function, List<String> inputs,
                            String unit, int scale, ValueRange range) {
    public DerivedSignal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(function, "function");
        inputs = List.copyOf(inputs);
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("a derived signal takes exactly 2 inputs, got " + inputs);
        }
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(range, "range");
        if (scale <= 0) {
            throw new IllegalArgumentException("scale must be > 0, got " + scale);
        }
    }

    /** Applies the function to the two input values (in {@link #inputs()} order). */
    public double apply(double first, double second) {
        return function.apply(first, second);
    }
}
