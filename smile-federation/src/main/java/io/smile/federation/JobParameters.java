package io.smile.federation;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The public parameters of one federated job, as a host received them (REST fields, command-line
 * options): the member count, and named values that are absent when the job's default applies.
 * Values may be numbers or their decimal text. A job reads the names it knows and ignores the
 * others, as the REST API has always done; a value it cannot read is refused with its name.
 */
public record JobParameters(int members, Map<String, Object> values) {
    public JobParameters {
        if (members < 1 || members > FederationParameters.MAX_MEMBERS) {
            throw new IllegalArgumentException("members must be in [1, " + FederationParameters.MAX_MEMBERS + "], got " + members);
        }
        TreeMap<String, Object> present = new TreeMap<>();
        values.forEach((k, v) -> {
            if (v != null) {
                present.put(k, v);
            }
        });
        values = Map.copyOf(present);
    }

    /** Parameters with the given values; null values are left out (the job's default applies). */
    public static JobParameters of(int members, Map<String, ?> values) {
        return new JobParameters(members, new TreeMap<>(values));
    }

    public Optional<Integer> integer(String name) {
        return longInteger(name).map(l -> {
            long v = l;
            if (v != (int) v) {
                throw new IllegalArgumentException("parameter " + name + " is out of range: " + v);
            }
            return (int) v;
        });
    }

    public Optional<Long> longInteger(String name) {
        return number(name, "an integer").map(n -> {
            if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
                return n.longValue();
            }
            double d = n.doubleValue();
            if (d != Math.rint(d) || Math.abs(d) > 0x1p53) {
                throw new IllegalArgumentException("parameter " + name + " must be an integer, got " + values.get(name));
            }
            return (long) d;
        });
    }

    public Optional<Double> decimal(String name) {
        return number(name, "a number").map(Number::doubleValue);
    }

    private Optional<Number> number(String name, String what) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Number n) {
            return Optional.of(n);
        }
        String s = v.toString().trim();
        try {
            if (s.matches("[-+]?\\d+")) {
                return Optional.of(Long.parseLong(s));
            }
            return Optional.of(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + name + " must be " + what + ", got '" + s + "'");
        }
    }
}
