package io.smile.profiles;

/** A closed interval {@code [min, max]} with {@code min < max}. */
public record ValueRange(double min, double max) {
    public ValueRange {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("range bounds must be finite, got [" + min + ", " + max + "]");
        }
        if (!(min < max)) {
            throw new IllegalArgumentException("range min must be < max, got [" + min + ", " + max + "]");
        }
    }

    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    /** The largest absolute value in the range. */
    public double maxAbs() {
        return Math.max(Math.abs(min), Math.abs(max));
    }

    @Override
    public String toString() {
        return "[" + min + ", " + max + "]";
    }
}
