package io.smile.workforce;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Splits the rows into organisational units: by department, or at random. */
public final class Units {
    private Units() {
    }

    /** How to split. */
    public enum Split {
        DEPARTMENT, RANDOM
    }

    /**
     * By department. With 3 units: one per department. With 4 or 5 units the largest department
     * (Research &amp; Development, 961 rows) is cut into 2 or 3 sites by row order (round robin),
     * as a large department running several sites would be.
     */
    public static List<List<HrRecord>> byDepartment(List<HrRecord> rows, int units) {
        check(units);
        List<String> depts = HrSchema.NOMINAL.get(0).categories();
        List<List<HrRecord>> byDept = new ArrayList<>();
        for (String d : depts) {
            List<HrRecord> part = new ArrayList<>();
            for (HrRecord r : rows) {
                if (r.department().equals(d)) {
                    part.add(r);
                }
            }
            byDept.add(part);
        }
        int largest = 0;
        for (int i = 1; i < byDept.size(); i++) {
            if (byDept.get(i).size() > byDept.get(largest).size()) {
                largest = i;
            }
        }
        int sites = units - depts.size() + 1;
        List<List<HrRecord>> out = new ArrayList<>();
        for (int i = 0; i < byDept.size(); i++) {
            if (i != largest) {
                out.add(byDept.get(i));
                continue;
            }
            List<List<HrRecord>> cut = new ArrayList<>();
            for (int s = 0; s < sites; s++) {
                cut.add(new ArrayList<>());
            }
            List<HrRecord> part = byDept.get(i);
            for (int r = 0; r < part.size(); r++) {
                cut.get(r % sites).add(part.get(r));
            }
            out.addAll(cut);
        }
        return out;
    }

    /** Uniformly at random (a seeded shuffle, then round robin). */
    public static List<List<HrRecord>> random(List<HrRecord> rows, int units, long seed) {
        check(units);
        List<HrRecord> shuffled = new ArrayList<>(rows);
        java.util.Collections.shuffle(shuffled, new Random(seed));
        List<List<HrRecord>> out = new ArrayList<>();
        for (int u = 0; u < units; u++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < shuffled.size(); i++) {
            out.get(i % units).add(shuffled.get(i));
        }
        return out;
    }

    public static List<List<HrRecord>> split(List<HrRecord> rows, Split how, int units, long seed) {
        return how == Split.DEPARTMENT ? byDepartment(rows, units) : random(rows, units, seed);
    }

    private static void check(int units) {
        if (units < 3 || units > 5) {
            throw new IllegalArgumentException("units must be 3, 4 or 5, got " + units);
        }
    }
}
