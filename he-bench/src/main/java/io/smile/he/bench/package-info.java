/**
 * The benchmark harness of the BGV engine behind {@code ./smile bench}: the
 * {@link io.smile.he.bench.Harness} times every engine operation (encrypt, decrypt, products,
 * rotations, modulus switching, slot sums, sizes of ciphertexts and keys) on one parameter set and
 * thread count, with warm-up, fresh inputs prepared outside the timed region, and results consumed
 * by a {@link io.smile.he.bench.Blackhole}; {@link io.smile.he.bench.Stats} gives medians and
 * p10/p90, {@link io.smile.he.bench.Table} renders them as markdown or text. The numbers in the
 * top-level README come from here.
 *
 * <p>Depends on he-bgv (its {@code bgv}, {@code rlwe} and {@code ring} packages, measured
 * directly rather than through he-api so that each operation is timed on its own) and the JDK;
 * only the command line depends on it.
 */
package io.smile.he.bench;
