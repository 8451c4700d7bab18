package io.smile.he.wire;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.BgvPreset;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Encryptor;
import io.smile.he.bgv.EvaluationKeys;
import io.smile.he.bgv.Evaluator;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random mutations of valid encodings, fed to every decoder. Each decode must either succeed or
 * throw {@link WireFormatException}; any other throwable fails. A decode that succeeds must
 * re-encode to exactly the mutated bytes: the format has one encoding per object, so an accepted
 * mutation can only be a benign one (e.g. a coefficient changed to another valid residue).
 */
class WireFuzzTest {
    private static final int TRIES = Integer.getInteger("smile.tries", 60);
    private static final int N = 1024;

    private static WireFixture f;
    private static WireFixture other;
    private static final List<Sample> SAMPLES = new ArrayList<>();
    private static final List<Decoder> DECODERS = new ArrayList<>();

    /** A decoder and the matching encoder (re-encoding a decoded object). */
    private static final class Decoder {
        final String name;
        final Function<byte[], Object> decode;
        final Function<Object, byte[]> encode;

        Decoder(String name, Function<byte[], Object> decode, Function<Object, byte[]> encode) {
            this.name = name;
            this.decode = decode;
            this.encode = encode;
        }
    }

    /** A valid encoding and the offsets/widths of its type-specific integer fields. */
    private static final class Sample {
        final String name;
        final byte[] bytes;
        final int[][] fields;

        Sample(String name, byte[] bytes, int[]... fields) {
            this.name = name;
            this.bytes = bytes;
            this.fields = fields;
        }
    }

    @BeforeAll
    static void setUp() {
        f = new WireFixture(WireFixture.explicitPrimes(N, 65537, new int[] {58, 40, 33}, new int[] {61}), 21, new int[] {1}, true);
        other = new WireFixture(WireFixture.explicitPrimes(N, 65537, new int[] {50, 40}, new int[] {55}), 22, null, false);
        BgvSerializer s = f.ser;
        DECODERS.add(new Decoder("parameters (insecure allowed)", b -> BgvSerializer.readParameters(b, true),
                o -> BgvSerializer.writeParameters((BgvParameters) o)));
        DECODERS.add(new Decoder("parameters (strict)", b -> BgvSerializer.readParameters(b, false),
                o -> BgvSerializer.writeParameters((BgvParameters) o)));
        DECODERS.add(new Decoder("ciphertext", s::readCiphertext, o -> s.writeCiphertext((Ciphertext) o)));
        DECODERS.add(new Decoder("public key", s::readPublicKey, o -> s.writePublicKey((PublicKey) o)));
        DECODERS.add(new Decoder("evaluation keys", s::readEvaluationKeys, o -> s.writeEvaluationKeys((EvaluationKeys) o)));
        DECODERS.add(new Decoder("secret key", s::readSecretKey, o -> s.writeSecretKey((SecretKey) o)));

        Encryptor encS = Encryptor.withSecretKey(f.ctx, f.sk);
        Encryptor encP = Encryptor.withPublicKey(f.ctx, f.pk);
        Evaluator ev = new Evaluator(f.ctx, f.ek);
        Ciphertext seeded = encS.encrypt(f.ctx.encoder().encodeConstant(3));
        Ciphertext unseeded = encP.encrypt(f.ctx.encoder().encodeConstant(4));
        Ciphertext three = ev.multiplyNoRelin(seeded, unseeded);
        Ciphertext lowest = ev.modSwitchToLowest(ev.multiply(seeded, unseeded));
        assertNotEquals(1, lowest.factor());
        int[][] ctFields = {{14, 1}, {15, 1}, {16, 1}, {17, 8}};
        int[][] paramFields = {{14, 4}, {18, 8}, {26, 1}, {27, 1}, {28, 8}, {36, 8}, {44, 8}};
        long key = s.keySwitchKeyBytes();
        int[][] ekFields = {{14, 1}, {15, 4}, {(int) (19 + key), 4}, {(int) (19 + 2 * key + 4), 4}};
        SAMPLES.add(new Sample("insecure parameters", BgvSerializer.writeParameters(f.params), paramFields));
        SAMPLES.add(new Sample("secure parameters", BgvSerializer.writeParameters(BgvPreset.N4096_DEPTH1.parameters()), paramFields));
        SAMPLES.add(new Sample("seeded ciphertext", s.writeCiphertext(seeded), ctFields));
        SAMPLES.add(new Sample("unseeded ciphertext", s.writeCiphertext(unseeded), ctFields));
        SAMPLES.add(new Sample("size-3 ciphertext", s.writeCiphertext(three), ctFields));
        SAMPLES.add(new Sample("level-0 ciphertext", s.writeCiphertext(lowest), ctFields));
        SAMPLES.add(new Sample("seeded level-1 ciphertext", s.writeCiphertext(encS.encrypt(f.ctx.encoder().encodeConstant(9), 1)), ctFields));
        SAMPLES.add(new Sample("public key", s.writePublicKey(f.pk)));
        SAMPLES.add(new Sample("evaluation keys", s.writeEvaluationKeys(f.ek), ekFields));
        SAMPLES.add(new Sample("secret key", s.writeSecretKey(f.sk)));
    }

    @AfterAll
    static void tearDown() {
        f.close();
        other.close();
    }

    private static void putLong(byte[] b, int offset, int width, long v) {
        for (int i = 0; i < width && offset + i < b.length; i++) {
            b[offset + i] = (byte) (v >>> (8 * (width - 1 - i)));
        }
    }

    /** Offsets where a format boundary lies: header fields, fixed-field ends, seed, limb boundaries. */
    private static int interestingOffset(Random r, int len) {
        int[] fixed = {0, 1, 3, 4, 5, 6, 13, 14, 15, 16, 17, 18, 19, 24, 25, 26, 27, 28, 36, 56, 57, 58, 46};
        switch (r.nextInt(4)) {
            case 0:
                return Math.min(len, fixed[r.nextInt(fixed.length)]);
            case 1:
                return Math.max(0, len - 1 - r.nextInt(40));
            case 2: {
                // a limb boundary of the first limbs after a seed or not
                int[] limbs = {N * 58 / 8, N * 40 / 8, N * 33 / 8, N * 61 / 8, N / 4};
                int o = (r.nextBoolean() ? 57 : 25) + limbs[r.nextInt(limbs.length)] * (1 + r.nextInt(3)) + r.nextInt(3) - 1;
                return Math.max(0, Math.min(len, o));
            }
            default:
                return r.nextInt(len + 1);
        }
    }

    private static byte[] mutate(Random r, Sample s, byte[] in, StringBuilder log) {
        byte[] b = in.clone();
        int len = b.length;
        int kind = r.nextInt(13);
        if (len < 64) {
            // what is left of an earlier truncation: grow it, splice onto it or refill it
            kind = new int[] {5, 9, 11}[r.nextInt(3)];
        }
        switch (kind) {
            case 0: {
                int bit = r.nextInt(len * 8);
                b[bit >>> 3] ^= (byte) (1 << (bit & 7));
                log.append("flip bit ").append(bit);
                return b;
            }
            case 1: {
                int bit = r.nextInt(Math.min(len, 64) * 8);
                b[bit >>> 3] ^= (byte) (1 << (bit & 7));
                log.append("flip header bit ").append(bit);
                return b;
            }
            case 2: {
                int at = r.nextInt(len);
                b[at] = (byte) r.nextInt(256);
                log.append("overwrite byte ").append(at);
                return b;
            }
            case 3: {
                int at = r.nextInt(Math.min(len, 64));
                int[] special = {0, 1, 2, 3, 4, 0x7f, 0x80, 0xfe, 0xff, r.nextInt(256)};
                b[at] = (byte) special[r.nextInt(special.length)];
                log.append("overwrite header byte ").append(at).append(" with ").append(b[at] & 0xff);
                return b;
            }
            case 4: {
                int at = r.nextBoolean() ? r.nextInt(len) : Math.min(len - 1, interestingOffset(r, len));
                log.append("truncate to ").append(at);
                return Arrays.copyOf(b, at);
            }
            case 5: {
                int extra = r.nextBoolean() ? 1 + r.nextInt(8) : 1 + r.nextInt(5000);
                byte[] e = Arrays.copyOf(b, len + extra);
                if (r.nextBoolean()) {
                    for (int i = len; i < e.length; i++) {
                        e[i] = (byte) r.nextInt(256);
                    }
                }
                log.append("extend by ").append(extra);
                return e;
            }
            case 6: {
                if (r.nextBoolean()) {
                    b[4] = (byte) r.nextInt(4);
                    log.append("version ").append(b[4]);
                } else {
                    b[5] = (byte) r.nextInt(8);
                    log.append("type ").append(b[5]);
                }
                return b;
            }
            case 7: {
                long fp = r.nextBoolean() ? other.params.fingerprint() : r.nextLong();
                putLong(b, 6, 8, fp);
                log.append("fingerprint ").append(Long.toHexString(fp));
                return b;
            }
            case 8: {
                if (s.fields.length == 0) {
                    return mutate(r, s, in, log);
                }
                int[] field = s.fields[r.nextInt(s.fields.length)];
                long[] values = {-1L, 0, 1, 2, 3, 0x7fffffffL, 0x80000000L, 0xffffffffL, Long.MAX_VALUE, Long.MIN_VALUE,
                    r.nextLong(), r.nextInt(70), N, N + 1, 2 * N - 1, 2 * N + 1};
                long v = values[r.nextInt(values.length)];
                putLong(b, field[0], field[1], v);
                log.append("field @").append(field[0]).append(" = ").append(Long.toHexString(v));
                return b;
            }
            case 9: {
                Sample o = SAMPLES.get(r.nextInt(SAMPLES.size()));
                int cut = interestingOffset(r, Math.min(len, o.bytes.length));
                int from = r.nextBoolean() ? cut : interestingOffset(r, o.bytes.length);
                byte[] e = Arrays.copyOf(b, cut + (o.bytes.length - from));
                System.arraycopy(o.bytes, from, e, cut, o.bytes.length - from);
                log.append("splice ").append(o.name).append(" from ").append(from).append(" at ").append(cut);
                return e;
            }
            case 10: {
                int count = 2 + r.nextInt(3);
                for (int i = 0; i < count; i++) {
                    b = mutate(r, s, b.length == 0 ? in : b, log.append(i == 0 ? "[" : "; "));
                }
                log.append("]");
                return b;
            }
            case 11: {
                int body = Math.max(0, len - 14 + r.nextInt(65) - 32);
                byte[] e = Arrays.copyOf(b, 14 + body);
                for (int i = 14; i < e.length; i++) {
                    e[i] = (byte) r.nextInt(256);
                }
                log.append("random body of ").append(body);
                return e;
            }
            default: {
                int blk = 1 + r.nextInt(Math.min(len, 512));
                int from = r.nextInt(len - blk + 1);
                int to = r.nextInt(len - blk + 1);
                System.arraycopy(in, from, b, to, blk);
                log.append("copy ").append(blk).append(" bytes ").append(from).append(" -> ").append(to);
                return b;
            }
        }
    }

    @Test
    void mutationsAreRejectedCleanlyOrBenign() {
        int perSample = TRIES * 50;
        for (int si = 0; si < SAMPLES.size(); si++) {
            Sample s = SAMPLES.get(si);
            Random r = new Random(0xF0221L * 31 + si);
            int rejected = 0;
            int accepted = 0;
            for (int i = 0; i < perSample; i++) {
                StringBuilder log = new StringBuilder();
                byte[] m = mutate(r, s, s.bytes, log);
                for (Decoder d : DECODERS) {
                    Object decoded;
                    try {
                        decoded = d.decode.apply(m);
                    } catch (WireFormatException e) {
                        rejected++;
                        assertNotNull(e.getMessage());
                        continue;
                    } catch (Throwable t) {
                        fail(s.name + " #" + i + " (" + log + ") decoded as " + d.name + " threw " + t, t);
                        return;
                    }
                    accepted++;
                    assertArrayEquals(m, d.encode.apply(decoded),
                            s.name + " #" + i + " (" + log + ") accepted by " + d.name + " but does not re-encode identically");
                }
            }
            // sanity: the mutations do reach the validation
            assertTrue(rejected > perSample, s.name + ": only " + rejected + " rejections");
            assertTrue(accepted < perSample, s.name + ": " + accepted + " accepted");
        }
    }
}
