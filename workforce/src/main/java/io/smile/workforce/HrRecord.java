package io.smile.workforce;

import java.util.Objects;

/**
 * One employee row after loading: the numeric and ordinal columns (in {@link HrSchema#NUMERIC}
 * order, already mapped to numbers: BusinessTravel 0/1/2, OverTime and Gender 0/1), the four
 * nominal columns as strings, and the attrition label, which is never a clustering feature and is
 * only reported per segment.
 */
public record HrRecord(double[] numeric, String department, String educationField, String jobRole,
                       String maritalStatus, boolean attrition) {
    public HrRecord {
        Objects.requireNonNull(numeric, "numeric");
        if (numeric.length != HrSchema.NUMERIC.size()) {
            throw new IllegalArgumentException("expected " + HrSchema.NUMERIC.size() + " numeric values, got " + numeric.length);
        }
        numeric = numeric.clone();
    }

    @Override
    public double[] numeric() {
        return numeric.clone();
    }

    double numericAt(int i) {
        return numeric[i];
    }

    /** The value of nominal group {@code g} (index into {@link HrSchema#NOMINAL}). */
    public String nominal(int g) {
        switch (g) {
            case 0: return department;
            case 1: return educationField;
            case 2: return jobRole;
            case 3: return maritalStatus;
            default: throw new IllegalArgumentException("no nominal group " + g);
        }
    }
}
