package io.smile.profiles;

import java.util.Locale;

/** The functions a derived signal can apply to its two inputs, per sample. */
public enum DerivedFunction {
    /** {@code a - b}. */
    DIFFERENCE("difference") {
        @Override
        public double apply(double a, double b) {
            return a - b;
        }

        @Override
        public ValueRange range(ValueRange a, ValueRange b) {
            return new ValueRange(a.min() - b.max(), a.max() - b.min());
        }
    },
    /** {@code a * b}. */
    PRODUCT("product") {
        @Override
        public double apply(double a, double b) {
            return a * b;
        }

        @Override
        public ValueRange range(ValueRange a, ValueRange b) {
            return productRange(a, b, 1.0);
        }
    },
    /** Mechanical power in W from torque {@code a} [Nm] and speed {@code b} [rpm]: {@code a * b * 2π / 60}. */
    ROTATIONAL_POWER("rotational_power") {
        @Override
        public double apply(double a, double b) {
            return a * b * 2.0 * Math.PI / 60.0;
        }

        @Override
        public ValueRange range(ValueRange a, ValueRange b) {
            return productRange(a, b, 2.0 * Math.PI / 60.0);
        }
    };

    private final String yamlName;

    DerivedFunction(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The name used in profile files. */
    public String yamlName() {
        return yamlName;
    }

    public abstract double apply(double a, double b);

    /** Interval-arithmetic bound of the result given input ranges. */
    public abstract ValueRange range(ValueRange a, ValueRange b);

    public static DerivedFunction fromYaml(String name) {
        for (DerivedFunction f : values()) {
            if (f.yamlName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown derived function '" + name + "'");
    }

    private static ValueRange productRange(ValueRange a, ValueRange b, double k) {
        double[] c = {a.min() * b.min(), a.min() * b.max(), a.max() * b.min(), a.max() * b.max()};
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : c) {
            lo = Math.min(lo, x * k);
            hi = Math.max(hi, x * k);
        }
        if (lo == hi) {
            hi = lo + Math.ulp(lo) + Double.MIN_NORMAL;
        }
        return new ValueRange(lo, hi);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
