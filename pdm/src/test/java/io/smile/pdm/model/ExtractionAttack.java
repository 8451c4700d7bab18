package io.smile.pdm.model;

import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A curious gateway extracting the model's weights from the answers of the real
 * {@link EncryptedScorer}: it encrypts windows of its choice with its own key, the cloud scores them,
 * the gateway decrypts. Two attacks, both on the 36 monomials m_ij(x) = x_i·x_j (i &le; j) of
 * which the score is the linear form S(x) = Σ v_ij·m_ij(x):
 * <ul>
 *   <li>{@link #solveChosen}: with raw scores, 36 chosen windows give 36 equations with an
 *       integer, triangular solution: every weight exactly;</li>
 *   <li>{@link #estimateFromMagnitudes}: with decision-only output, each of K windows is sent
 *       n times (each copy blinded with fresh r, e'); max |v| over the copies estimates
 *       R·|2S − 1| (the maximum-likelihood estimate of a uniform's range, error ~1/n), its sign is
 *       the decision; least squares over the K windows gives the weights up to the unknown scale
 *       2R.</li>
 * </ul>
 */
final class ExtractionAttack {
    static final int WIDTH = Ai4iFeatures.ENCODING.width();
    static final int MONOMIALS = WIDTH * (WIDTH + 1) / 2;

    private final HeSession session;
    private final HeKeyOwner gateway;
    private final EncryptedScorer cloud;
    private final SlotLayout layout;
    private long queries;

    ExtractionAttack(HeSession session, HeKeyOwner gateway, HeEvaluator evaluator, QuantizedModel model,
                     EncryptedScorer.Output output) {
        this.session = session;
        this.gateway = gateway;
        this.cloud = new EncryptedScorer(model, evaluator, ScoringPlan.forSession(session), output);
        this.layout = cloud.layout();
    }

    /** Windows the cloud has answered so far (what the query budget counts). */
    long queries() {
        return queries;
    }

    /** The decrypted result slot of every window, as the gateway sees it (one ciphertext per 2048 windows). */
    long[] query(List<long[]> windows) {
        long[] out = new long[windows.size()];
        int per = layout.windowsPerCiphertext();
        for (int from = 0; from < windows.size(); from += per) {
            int count = Math.min(per, windows.size() - from);
            long[] dec = gateway.decryptChecked(cloud.score(gateway.encrypt(layout.pack(windows.subList(from, from + count))), count));
            for (int w = 0; w < count; w++) {
                out[from + w] = layout.scoreOf(dec, w);
            }
        }
        queries += windows.size();
        return out;
    }

    /** Upper-triangle weights in the order (0,0), (0,1), …, (7,7). */
    static long[] weights(QuantizedModel m) {
        long[] w = new long[MONOMIALS];
        int k = 0;
        for (int i = 0; i < WIDTH; i++) {
            for (int j = i; j < WIDTH; j++) {
                w[k++] = m.weight(i, j);
            }
        }
        return w;
    }

    static double[] monomials(long[] x) {
        double[] m = new double[MONOMIALS];
        int k = 0;
        for (int i = 0; i < WIDTH; i++) {
            for (int j = i; j < WIDTH; j++) {
                m[k++] = (double) x[i] * x[j];
            }
        }
        return m;
    }

    private static long[] unit(int... slotsAndValues) {
        long[] x = new long[WIDTH];
        for (int i = 0; i < slotsAndValues.length; i += 2) {
            x[slotsAndValues[i]] = slotsAndValues[i + 1];
        }
        return x;
    }

    /**
     * Attack (a): 36 chosen windows, one batch. c = e7 gives v77; ±e_i + e7 give v_ii ± v_i7 + v77;
     * e_i + e_j give v_ii + v_jj + v_ij. Exact in the integers.
     */
    long[][] solveChosen() {
        int c = WIDTH - 1;
        List<long[]> xs = new ArrayList<>();
        xs.add(unit(c, 1));
        for (int i = 0; i < c; i++) {
            xs.add(unit(i, 1, c, 1));
            xs.add(unit(i, -1, c, 1));
        }
        for (int i = 0; i < c; i++) {
            for (int j = i + 1; j < c; j++) {
                xs.add(unit(i, 1, j, 1));
            }
        }
        long[] s = query(xs);
        long[][] v = new long[WIDTH][WIDTH];
        v[c][c] = s[0];
        for (int i = 0; i < c; i++) {
            long plus = s[1 + 2 * i] - v[c][c];
            long minus = s[2 + 2 * i] - v[c][c];
            v[i][i] = (plus + minus) / 2;
            v[i][c] = (plus - minus) / 2;
        }
        int k = 1 + 2 * c;
        for (int i = 0; i < c; i++) {
            for (int j = i + 1; j < c; j++) {
                v[i][j] = s[k++] - v[i][i] - v[j][j];
            }
        }
        return v;
    }

    /** {@link #solveChosen} in the order of {@link #weights}. */
    double[] solveChosenAsVector() {
        long[][] v = solveChosen();
        double[] w = new double[MONOMIALS];
        int k = 0;
        for (int i = 0; i < WIDTH; i++) {
            for (int j = i; j < WIDTH; j++) {
                w[k++] = v[i][j];
            }
        }
        return w;
    }

    /** K admissible windows (|x_i| &le; clip, constant slot = resolution), as an honest gateway sends them. */
    static List<long[]> admissibleWindows(int count, Random r) {
        FeatureEncoding enc = Ai4iFeatures.ENCODING;
        List<long[]> out = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            long[] x = new long[WIDTH];
            for (int i = 0; i < WIDTH - 1; i++) {
                x[i] = r.nextInt(2 * enc.clip() + 1) - enc.clip();
            }
            x[WIDTH - 1] = enc.resolution();
            out.add(x);
        }
        return out;
    }

    /**
     * Attack (b): K windows, each sent {@code repeats} times; the score estimate of a window is
     * sign · max |v|, the weights the least-squares solution over the K windows (up to scale).
     */
    double[] estimateFromMagnitudes(List<long[]> windows, int repeats) {
        List<long[]> sent = new ArrayList<>();
        for (long[] x : windows) {
            for (int k = 0; k < repeats; k++) {
                sent.add(x);
            }
        }
        long[] v = query(sent);
        double[] estimate = new double[windows.size()];
        for (int w = 0; w < windows.size(); w++) {
            long max = 0;
            long sign = 0;
            for (int k = 0; k < repeats; k++) {
                long value = v[w * repeats + k];
                max = Math.max(max, Math.abs(value));
                sign = Long.signum(value);
            }
            estimate[w] = sign * (double) max;
        }
        double[][] a = new double[windows.size()][];
        for (int w = 0; w < windows.size(); w++) {
            a[w] = monomials(windows.get(w));
        }
        return leastSquares(a, estimate);
    }

    /** The least-squares solution of A·w = b by the normal equations (36 unknowns, well conditioned enough here). */
    static double[] leastSquares(double[][] a, double[] b) {
        int n = a[0].length;
        double[][] m = new double[n][n + 1];
        for (int row = 0; row < a.length; row++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    m[i][j] += a[row][i] * a[row][j];
                }
                m[i][n] += a[row][i] * b[row];
            }
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            if (m[col][col] == 0) {
                throw new IllegalArgumentException("singular system: not enough independent windows");
            }
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int c = col; c <= n; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = m[i][n] / m[i][i];
        }
        return w;
    }

    /**
     * ‖α·estimate − w‖ / ‖w‖ with the best scale α: the error of the extracted model up to the
     * positive scale that does not change a single decision.
     */
    static double relativeError(double[] estimate, long[] w) {
        double ew = 0;
        double ee = 0;
        double ww = 0;
        for (int i = 0; i < w.length; i++) {
            ew += estimate[i] * w[i];
            ee += estimate[i] * estimate[i];
            ww += (double) w[i] * w[i];
        }
        double alpha = ee == 0 ? 0 : ew / ee;
        double err = 0;
        for (int i = 0; i < w.length; i++) {
            double d = alpha * estimate[i] - w[i];
            err += d * d;
        }
        return Math.sqrt(err / ww);
    }

    /** Decisions on fresh admissible windows on which the extracted model and the real one disagree. */
    static double decisionDisagreement(double[] estimate, QuantizedModel model, List<long[]> windows) {
        int differ = 0;
        for (long[] x : windows) {
            double[] m = monomials(x);
            double s = 0;
            for (int i = 0; i < m.length; i++) {
                s += estimate[i] * m[i];
            }
            differ += (s > 0) != (model.score(x) > 0) ? 1 : 0;
        }
        return (double) differ / windows.size();
    }
}
