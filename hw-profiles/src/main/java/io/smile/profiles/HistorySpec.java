package io.smile.profiles;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a CSV of the machine's history maps onto the profile, for model training: which column
 * names the unit (machine) a row belongs to, which orders a unit's rows in time, which column
 * holds each sensor and attribute (by default the column named like the sensor), and how rows
 * are labelled.
 *
 * @param unitColumn  column of the unit/machine id (empty: the whole file is one unit)
 * @param orderColumn numeric column ordering a unit's rows (empty: file order)
 * @param columns     sensor or attribute name to column name, for those not named like their column
 * @param label       the label rule (empty: it must come from the command line)
 */
public record HistorySpec(Optional<String> unitColumn, Optional<String> orderColumn, Map<String, String> columns,
                          Optional<LabelRule> label) {
    /** No history section: one unit, file order, columns named like the sensors, no label rule. */
    public static final HistorySpec DEFAULT = new HistorySpec(Optional.empty(), Optional.empty(), Map.of(), Optional.empty());

    public HistorySpec {
        Objects.requireNonNull(unitColumn, "unitColumn");
        Objects.requireNonNull(orderColumn, "orderColumn");
        columns = Map.copyOf(columns);
        Objects.requireNonNull(label, "label");
    }

    /** The column holding a sensor or attribute. */
    public String columnOf(String signal) {
        return columns.getOrDefault(signal, signal);
    }

    public HistorySpec withLabel(LabelRule rule) {
        return new HistorySpec(unitColumn, orderColumn, columns, Optional.of(rule));
    }
}
