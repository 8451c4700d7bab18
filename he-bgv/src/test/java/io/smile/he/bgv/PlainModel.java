package io.smile.he.bgv;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The reference computation: the same operations on plain slot vectors mod t, results centred in
 * (-t/2, t/2] like {@link BatchEncoder#decode}. Inputs shorter than N are zero-padded.
 */
final class PlainModel {
    final long t;
    final int n;
    final int half;

    PlainModel(long t, int n) {
        if (t >= (1L << 31)) {
            throw new IllegalArgumentException("model assumes t < 2^31 so products fit in a long");
        }
        this.t = t;
        this.n = n;
        this.half = n / 2;
    }

    long reduce(long x) {
        return Math.floorMod(x, t);
    }

    long centre(long x) {
        long r = reduce(x);
        return r > t / 2 ? r - t : r;
    }

    long[] full(long[] v) {
        long[] out = new long[n];
        for (int i = 0; i < v.length; i++) {
            out[i] = centre(v[i]);
        }
        return out;
    }

    long[] add(long[] a, long[] b) {
        long[] x = full(a);
        long[] y = full(b);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = centre(x[i] + y[i]);
        }
        return out;
    }

    long[] sub(long[] a, long[] b) {
        long[] x = full(a);
        long[] y = full(b);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = centre(x[i] - y[i]);
        }
        return out;
    }

    long[] neg(long[] a) {
        long[] x = full(a);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = centre(-x[i]);
        }
        return out;
    }

    long[] mul(long[] a, long[] b) {
        long[] x = full(a);
        long[] y = full(b);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = centre(x[i] * y[i]);
        }
        return out;
    }

    long[] scale(long[] a, long c) {
        long[] x = full(a);
        long cc = centre(c);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = centre(x[i] * cc);
        }
        return out;
    }

    long[] addScalar(long[] a, long c) {
        long[] x = full(a);
        long cc = centre(c);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = centre(x[i] + cc);
        }
        return out;
    }

    /** Both rows rotated left by step: slot j of a row receives slot j+step of that row. */
    long[] rotate(long[] a, int step) {
        long[] x = full(a);
        long[] out = new long[n];
        for (int j = 0; j < half; j++) {
            int src = Math.floorMod(j + step, half);
            out[j] = x[src];
            out[half + j] = x[half + src];
        }
        return out;
    }

    long[] swapRows(long[] a) {
        long[] x = full(a);
        long[] out = new long[n];
        for (int j = 0; j < half; j++) {
            out[j] = x[half + j];
            out[half + j] = x[j];
        }
        return out;
    }

    long[] sumAll(long[] a) {
        long[] x = full(a);
        long s = 0;
        for (long v : x) {
            s = reduce(s + v);
        }
        long[] out = new long[n];
        java.util.Arrays.fill(out, centre(s));
        return out;
    }

    /** Slot j of each row receives the sum of slots j .. j+block-1 of its row, cyclically. */
    long[] sumWindows(long[] a, int block) {
        long[] x = full(a);
        long[] out = new long[n];
        for (int row = 0; row < 2; row++) {
            for (int j = 0; j < half; j++) {
                long s = 0;
                for (int k = 0; k < block; k++) {
                    s = reduce(s + x[row * half + (j + k) % half]);
                }
                out[row * half + j] = centre(s);
            }
        }
        return out;
    }

    long[] polynomial(long[] a, long[] coefficients) {
        long[] x = full(a);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long acc = 0;
            for (int k = coefficients.length - 1; k >= 0; k--) {
                acc = reduce(reduce(acc * reduce(x[i])) + reduce(coefficients[k]));
            }
            out[i] = centre(acc);
        }
        return out;
    }

    // ------------------------------------------------------------------ inputs

    /** Uniform values in [-bound, bound]. */
    long[] random(Random r, int length, long bound) {
        long[] v = new long[length];
        for (int i = 0; i < length; i++) {
            v[i] = (long) (r.nextDouble() * (2 * bound + 1)) - bound;
        }
        return v;
    }

    /** Uniform values mod t, as unsigned representatives in [0, t). */
    long[] randomModT(Random r, int length) {
        long[] v = new long[length];
        for (int i = 0; i < length; i++) {
            v[i] = Math.floorMod(r.nextLong(), t);
        }
        return v;
    }

    long[] constant(int length, long value) {
        long[] v = new long[length];
        java.util.Arrays.fill(v, value);
        return v;
    }

    /** A named input vector. */
    static final class Case {
        final String name;
        final long[] values;

        Case(String name, long[] values) {
            this.name = name;
            this.values = values;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Edge cases and random vectors: all zeros, all t-1, all -1, +-(t-1)/2, alternating extremes,
     * negatives, full (N values) and partially filled vectors, a single value, uniform mod t.
     */
    List<Case> cases(Random r) {
        long h = (t - 1) / 2;
        List<Case> out = new ArrayList<>();
        out.add(new Case("zeros", new long[n]));
        out.add(new Case("empty", new long[0]));
        out.add(new Case("all t-1", constant(n, t - 1)));
        out.add(new Case("all -1", constant(n, -1)));
        out.add(new Case("all (t-1)/2", constant(n, h)));
        out.add(new Case("all -(t-1)/2", constant(n, -h)));
        long[] alt = new long[n];
        for (int i = 0; i < n; i++) {
            alt[i] = i % 2 == 0 ? h : -h;
        }
        out.add(new Case("alternating +-(t-1)/2", alt));
        long[] neg = random(r, n, 1000);
        for (int i = 0; i < n; i++) {
            neg[i] = -Math.abs(neg[i]) - 1;
        }
        out.add(new Case("negative", neg));
        out.add(new Case("single value", new long[] {centre(r.nextLong())}));
        out.add(new Case("partial (N/2+3)", random(r, half + 3, 500)));
        out.add(new Case("partial (N-1)", randomModT(r, n - 1)));
        out.add(new Case("full small", random(r, n, 50)));
        out.add(new Case("full uniform mod t", randomModT(r, n)));
        long[] outside = new long[n];
        for (int i = 0; i < n; i++) {
            outside[i] = r.nextLong(); // any long: encode reduces mod t
        }
        out.add(new Case("arbitrary longs", outside));
        return out;
    }

    static int tries() {
        return Integer.getInteger("smile.tries", 60);
    }

    /** Random cases for the (expensive) homomorphic tests: a tenth of smile.tries, at least 2. */
    static int heTries() {
        return Math.max(2, tries() / 10);
    }
}
