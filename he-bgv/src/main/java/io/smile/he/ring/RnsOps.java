package io.smile.he.ring;

/**
 * Coefficient-wise arithmetic on RNS polynomials (rows = residues modulo the primes named by an
 * index array). All methods work row by row in parallel and write into {@code out}, which may
 * alias an input.
 */
public final class RnsOps {
    private RnsOps() {
    }

    public static void add(RingContext ring, long[][] a, long[][] b, long[][] out, int[] idx) {
        int n = ring.degree();
        ring.parallel().forEach(out.length, r -> {
            long q = ring.modulus(idx[r]).value();
            long[] x = a[r];
            long[] y = b[r];
            long[] z = out[r];
            for (int i = 0; i < n; i++) {
                long s = x[i] + y[i];
                s -= q;
                z[i] = s + ((s >> 63) & q);
            }
        });
    }

    public static void sub(RingContext ring, long[][] a, long[][] b, long[][] out, int[] idx) {
        int n = ring.degree();
        ring.parallel().forEach(out.length, r -> {
            long q = ring.modulus(idx[r]).value();
            long[] x = a[r];
            long[] y = b[r];
            long[] z = out[r];
            for (int i = 0; i < n; i++) {
                long s = x[i] - y[i];
                z[i] = s + ((s >> 63) & q);
            }
        });
    }

    public static void neg(RingContext ring, long[][] a, long[][] out, int[] idx) {
        int n = ring.degree();
        ring.parallel().forEach(out.length, r -> {
            long q = ring.modulus(idx[r]).value();
            long[] x = a[r];
            long[] z = out[r];
            for (int i = 0; i < n; i++) {
                long d = -x[i];
                z[i] = d + ((d >> 63) & q);
            }
        });
    }

    /** out = a * b (pointwise, NTT form). */
    public static void mul(RingContext ring, long[][] a, long[][] b, long[][] out, int[] idx) {
        int n = ring.degree();
        ring.parallel().forEach(out.length, r -> {
            Modulus m = ring.modulus(idx[r]);
            long[] x = a[r];
            long[] y = b[r];
            long[] z = out[r];
            for (int i = 0; i < n; i++) {
                z[i] = m.mul(x[i], y[i]);
            }
        });
    }

    /** out += a * b (pointwise, NTT form). */
    public static void mulAdd(RingContext ring, long[][] a, long[][] b, long[][] out, int[] idx) {
        int n = ring.degree();
        ring.parallel().forEach(out.length, r -> {
            Modulus m = ring.modulus(idx[r]);
            long q = m.value();
            long[] x = a[r];
            long[] y = b[r];
            long[] z = out[r];
            for (int i = 0; i < n; i++) {
                long s = z[i] + m.mul(x[i], y[i]);
                s -= q;
                z[i] = s + ((s >> 63) & q);
            }
        });
    }

    /** out = a * c for an integer constant c (any sign, reduced per prime). */
    public static void mulScalar(RingContext ring, long[][] a, long c, long[][] out, int[] idx) {
        int n = ring.degree();
        ring.parallel().forEach(out.length, r -> {
            Modulus m = ring.modulus(idx[r]);
            long w = m.reduce(c);
            long ws = m.shoup(w);
            long[] x = a[r];
            long[] z = out[r];
            for (int i = 0; i < n; i++) {
                z[i] = m.mulShoup(x[i], w, ws);
            }
        });
    }

    public static long[][] copy(long[][] a) {
        long[][] out = new long[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    /** The first {@code rows} rows of a (shared, not copied). */
    public static long[][] prefix(long[][] a, int rows) {
        long[][] out = new long[rows][];
        System.arraycopy(a, 0, out, 0, rows);
        return out;
    }
}
