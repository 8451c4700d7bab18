package io.smile.compare.smpc;

import dk.alexandra.fresco.framework.Application;
import dk.alexandra.fresco.framework.DRes;
import dk.alexandra.fresco.framework.Party;
import dk.alexandra.fresco.framework.builder.numeric.Numeric;
import dk.alexandra.fresco.framework.builder.numeric.ProtocolBuilderNumeric;
import dk.alexandra.fresco.framework.builder.numeric.field.BigIntegerFieldDefinition;
import dk.alexandra.fresco.framework.configuration.NetworkConfigurationImpl;
import dk.alexandra.fresco.framework.network.socket.SocketNetwork;
import dk.alexandra.fresco.framework.sce.SecureComputationEngineImpl;
import dk.alexandra.fresco.framework.sce.evaluator.BatchedProtocolEvaluator;
import dk.alexandra.fresco.framework.sce.evaluator.EvaluationStrategy;
import dk.alexandra.fresco.framework.util.AesCtrDrbg;
import dk.alexandra.fresco.framework.value.SInt;
import dk.alexandra.fresco.lib.common.compare.Comparison;
import dk.alexandra.fresco.logging.NetworkLoggingDecorator;
import dk.alexandra.fresco.suite.spdz.SpdzProtocolSuite;
import dk.alexandra.fresco.suite.spdz.SpdzResourcePool;
import dk.alexandra.fresco.suite.spdz.SpdzResourcePoolImpl;
import dk.alexandra.fresco.suite.spdz.storage.SpdzDummyDataSupplier;
import dk.alexandra.fresco.suite.spdz.storage.SpdzOpenedValueStoreImpl;
import io.smile.pdm.model.QuantizedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;

/**
 * S(x) = sum over i &le; j of v_ij x_i x_j, the same integer model the cloud evaluates under BGV,
 * computed with SPDZ (FRESCO 1.3.4) between party 1, the gateway, who inputs the quantized rows, and
 * party 2, the model owner, who inputs the weights. Evaluated as S = sum_i x_i · (sum_{j &ge; i}
 * v_ij x_j): two layers of secret-by-secret products (Beaver triples), then, for
 * {@link Output#DECISION}, FRESCO's secure comparison 0 &lt; S, opened to the gateway only. The
 * field is the Mersenne prime 2^127 − 1, far above |S| &lt; 2^40 plus the comparison's statistical
 * masking.
 *
 * <p>Trust: preprocessing (the triples, input masks, random bits) comes from FRESCO's
 * {@code SpdzDummyDataSupplier}, which derives every party's shares from one fixed seed
 * ({@code java.util.Random(42)} inside FRESCO's {@code ArithmeticDummyDataSupplier}): each party
 * could recompute the other's shares, so this run measures the cost of SPDZ's online phase, not
 * its privacy. It stands for a trusted dealer. Deployed SPDZ would produce
 * them with MASCOT (oblivious transfer), which costs far more than the online phase and is not
 * measured here. The MAC key is drawn from SecureRandom per run.
 */
public final class SpdzScorer {
    /** What the gateway learns per row. */
    public enum Output {
        /** only the decision bit (as the product's decision-only HE scoring) */
        DECISION,
        /** the score S itself */
        SCORE
    }

    /** Per-row results as the gateway opens them, and what the run cost. */
    public record Run(long[] values, double millis, long bytes, long batches) {
    }

    static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);
    private static final int MAX_BIT_LENGTH = 64;
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final QuantizedModel model;
    private final Output output;

    public SpdzScorer(QuantizedModel model, Output output) {
        this.model = model;
        this.output = output;
    }

    /** Scores {@code rows} in one two-party run on loopback sockets; values are decisions (0/1) or scores. */
    public Run score(List<long[]> rows) {
        int[] ports = freePorts(2);
        Map<Integer, Party> parties = Map.of(1, new Party(1, "127.0.0.1", ports[0]), 2, new Party(2, "127.0.0.1", ports[1]));
        BigInteger macKey = new BigInteger(126, new SecureRandom());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<PartyRun>> futures = new ArrayList<>();
            for (int id = 1; id <= 2; id++) {
                int me = id;
                futures.add(pool.submit(() -> runParty(me, parties, macKey, rows)));
            }
            PartyRun gateway = futures.get(0).get();
            PartyRun owner = futures.get(1).get();
            return new Run(gateway.values, Math.max(gateway.millis, owner.millis), gateway.bytes + owner.bytes,
                    Math.max(gateway.batches, owner.batches));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("SPDZ run failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private record PartyRun(long[] values, double millis, long bytes, long batches) {
    }

    private PartyRun runParty(int me, Map<Integer, Party> parties, BigInteger macKey, List<long[]> rows) throws IOException {
        BigIntegerFieldDefinition field = new BigIntegerFieldDefinition(MODULUS);
        SpdzProtocolSuite suite = new SpdzProtocolSuite(MAX_BIT_LENGTH);
        SpdzResourcePool resources = new SpdzResourcePoolImpl(me, 2, new SpdzOpenedValueStoreImpl(),
                new SpdzDummyDataSupplier(me, 2, field, macKey), AesCtrDrbg::new);
        BatchedProtocolEvaluator<SpdzResourcePool> evaluator =
                new BatchedProtocolEvaluator<>(EvaluationStrategy.SEQUENTIAL_BATCHED.getStrategy(), suite);
        SecureComputationEngineImpl<SpdzResourcePool, ProtocolBuilderNumeric> sce = new SecureComputationEngineImpl<>(suite, evaluator);
        SocketNetwork socket = new SocketNetwork(new NetworkConfigurationImpl(me, parties), SocketFactory.getDefault(),
                new LoopbackServerSocketFactory());
        try (NetworkLoggingDecorator network = new NetworkLoggingDecorator(socket)) {
            long t0 = System.nanoTime();
            List<BigInteger> out = sce.runApplication(application(me, rows), resources, network, TIMEOUT);
            double millis = (System.nanoTime() - t0) / 1e6;
            Map<String, Long> stats = network.getLoggedValues();
            long[] values = new long[rows.size()];
            for (int r = 0; r < values.length && me == 1; r++) {
                BigInteger v = out.get(r);
                values[r] = (v.compareTo(MODULUS.shiftRight(1)) > 0 ? v.subtract(MODULUS) : v).longValueExact();
            }
            return new PartyRun(values, millis, stats.getOrDefault(NetworkLoggingDecorator.NETWORK_TOTAL_BYTES, 0L),
                    stats.getOrDefault(NetworkLoggingDecorator.NETWORK_TOTAL_BATCHES, 0L));
        } finally {
            sce.close();
        }
    }

    /** The computation both parties run; the private inputs are null at the party that does not own them. */
    private Application<List<BigInteger>, ProtocolBuilderNumeric> application(int me, List<long[]> rows) {
        int k = model.width();
        return root -> root.par(par -> {
            Numeric num = par.numeric();
            List<DRes<SInt>> w = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                for (int j = i; j < k; j++) {
                    w.add(num.input(me == 2 ? BigInteger.valueOf(model.weight(i, j)).mod(MODULUS) : null, 2));
                }
            }
            List<List<DRes<SInt>>> xs = new ArrayList<>();
            for (long[] x : rows) {
                List<DRes<SInt>> row = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    row.add(num.input(me == 1 ? BigInteger.valueOf(x[i]).mod(MODULUS) : null, 1));
                }
                xs.add(row);
            }
            return () -> new Inputs(w, xs);
        }).par((par, in) -> {
            // first layer: v_ij * x_j for every row
            Numeric num = par.numeric();
            List<List<DRes<SInt>>> products = new ArrayList<>();
            for (List<DRes<SInt>> x : in.xs) {
                List<DRes<SInt>> p = new ArrayList<>();
                int d = 0;
                for (int i = 0; i < k; i++) {
                    for (int j = i; j < k; j++) {
                        p.add(num.mult(in.w.get(d++), x.get(j)));
                    }
                }
                products.add(p);
            }
            return () -> new Layer(in.xs, products);
        }).par((par, layer) -> {
            // local sums y_i = sum_{j >= i} v_ij x_j, then the second layer x_i * y_i
            Numeric num = par.numeric();
            List<List<DRes<SInt>>> terms = new ArrayList<>();
            for (int r = 0; r < layer.xs.size(); r++) {
                List<DRes<SInt>> p = layer.products.get(r);
                List<DRes<SInt>> t = new ArrayList<>();
                int d = 0;
                for (int i = 0; i < k; i++) {
                    DRes<SInt> y = p.get(d++);
                    for (int j = i + 1; j < k; j++) {
                        y = num.add(y, p.get(d++));
                    }
                    t.add(num.mult(layer.xs.get(r).get(i), y));
                }
                terms.add(t);
            }
            return () -> terms;
        }).par((par, terms) -> {
            List<DRes<SInt>> results = new ArrayList<>();
            for (List<DRes<SInt>> t : terms) {
                DRes<SInt> s = t.get(0);
                for (int i = 1; i < t.size(); i++) {
                    s = par.numeric().add(s, t.get(i));
                }
                results.add(output == Output.DECISION ? Comparison.using(par).compareLT(par.numeric().known(0), s) : s);
            }
            return () -> results;
        }).par((par, results) -> {
            List<DRes<BigInteger>> opened = new ArrayList<>();
            for (DRes<SInt> r : results) {
                opened.add(par.numeric().open(r, 1));
            }
            return () -> {
                List<BigInteger> out = new ArrayList<>();
                for (DRes<BigInteger> o : opened) {
                    out.add(o.out());
                }
                return out;
            };
        });
    }

    private record Inputs(List<DRes<SInt>> w, List<List<DRes<SInt>>> xs) {
    }

    private record Layer(List<List<DRes<SInt>>> xs, List<List<DRes<SInt>>> products) {
    }

    private static int[] freePorts(int n) {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            for (ServerSocket s : held) {
                s.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ports;
    }

    /** FRESCO's parties listen on loopback only. */
    private static final class LoopbackServerSocketFactory extends ServerSocketFactory {
        @Override
        public ServerSocket createServerSocket() throws IOException {
            return new ServerSocket();
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return new ServerSocket(port, backlog, InetAddress.getLoopbackAddress());
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress ignored) throws IOException {
            return new ServerSocket(port, backlog, InetAddress.getLoopbackAddress());
        }
    }

}
