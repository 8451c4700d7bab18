package io.smile.he.bgv;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.he.ring.RandomSource;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void roundTrip() {
        BgvParameters p = BgvParameters.builder().degree(4096).plainModulus(65537)
                .ciphertextPrimeBits(45, 40, 40, 40).specialPrimeBits(50).allowInsecureForTestsOnly().build();
        try (BgvContext ctx = BgvContext.create(p, 2, RandomSource.deterministicForTestsOnly(1))) {
            BgvKeyGenerator kg = new BgvKeyGenerator(ctx);
            SecretKey sk = kg.secretKey();
            PublicKey pk = kg.publicKey(sk);
            EvaluationKeys ek = kg.evaluationKeys(sk);
            Encryptor enc = Encryptor.withPublicKey(ctx, pk);
            Encryptor encS = Encryptor.withSecretKey(ctx, sk);
            Decryptor dec = new Decryptor(ctx, sk);
            Evaluator ev = new Evaluator(ctx, ek);
            BatchEncoder be = ctx.encoder();
            Random r = new Random(3);
            long[] a = new long[4096];
            long[] b = new long[4096];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextInt(200) - 100;
                b[i] = r.nextInt(200) - 100;
            }
            Ciphertext ca = enc.encrypt(be.encode(a));
            Ciphertext cb = encS.encrypt(be.encode(b));
            assertArrayEquals(a, be.decode(dec.decrypt(ca)));
            assertArrayEquals(b, be.decode(dec.decrypt(cb)));
            System.out.println("budget fresh pk " + dec.noiseBudget(ca) + " sk " + dec.noiseBudget(cb));
            Ciphertext prod = ev.multiply(ca, cb);
            long[] exp = new long[4096];
            for (int i = 0; i < a.length; i++) exp[i] = a[i] * b[i];
            System.out.println("budget prod " + dec.noiseBudget(prod));
            assertArrayEquals(exp, be.decode(dec.decrypt(prod)));
            Ciphertext ms = ev.modSwitch(prod);
            System.out.println("budget ms " + dec.noiseBudget(ms) + " factor " + ms.factor());
            assertArrayEquals(exp, be.decode(dec.decrypt(ms)));
            Ciphertext rot = ev.rotateRows(ca, 3);
            long[] dr = be.decode(dec.decrypt(rot));
            System.out.println("budget rot " + dec.noiseBudget(rot));
            for (int j = 0; j < 2048; j++) {
                assertEquals(a[(j + 3) % 2048], dr[j], "slot " + j);
                assertEquals(a[2048 + (j + 3) % 2048], dr[2048 + j]);
            }
            Ciphertext sum = ev.sumSlots(ca);
            long total = 0;
            for (long v : a) total += v;
            assertEquals(total, be.decode(dec.decrypt(sum))[7]);
        }
    }
}
