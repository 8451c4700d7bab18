package io.smile.compare.transfer;

import io.smile.compare.LogisticTrainer;
import io.smile.compare.Quality;
import io.smile.compare.Task;
import io.smile.pdm.model.QuadraticModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Pretrain on every site but the target, then for k local labels (a seeded random draw of the
 * target site's training rows): fine-tune from the pretrained weights with an L2 pull towards them
 * ({@link LogisticTrainer}), or train from scratch on the same k rows. Both are scored on the
 * target site's test rows; results are averaged over seeds.
 */
public final class TransferLearning {
    /** Mean quality over the seeds at one k. */
    public record Point(int k, double transferF1, double transferAuc, double scratchF1, double scratchAuc, double fineTuneMs) {
    }

    private final LogisticTrainer pretrainer;
    private final LogisticTrainer fineTuner;
    private final LogisticTrainer scratch;

    public TransferLearning(int pretrainEpochs, int localEpochs) {
        this.pretrainer = new LogisticTrainer(pretrainEpochs, 0.05, 1e-5);
        this.fineTuner = new LogisticTrainer(localEpochs, 0.01, 1e-1);
        this.scratch = new LogisticTrainer(localEpochs, 0.05, 1e-3);
    }

    public QuadraticModel pretrain(Task.Rows others) {
        return pretrainer.train(others.z(), others.labels(), null);
    }

    public List<Point> run(QuadraticModel pretrained, Task.Rows localTrain, Task.Rows localTest, int[] ks, int seeds) {
        double[] start = LogisticTrainer.theta(pretrained);
        List<Point> out = new ArrayList<>();
        for (int k : ks) {
            double tf = 0;
            double ta = 0;
            double sf = 0;
            double sa = 0;
            long nanos = 0;
            for (int seed = 0; seed < seeds; seed++) {
                Task.Rows local = draw(localTrain, k, new Random(1000L * k + seed));
                long t0 = System.nanoTime();
                QuadraticModel tuned = fineTuner.train(local.z(), local.labels(), start);
                nanos += System.nanoTime() - t0;
                QuadraticModel fresh = scratch.train(local.z(), local.labels(), null);
                var qt = Quality.of(tuned, localTest);
                var qs = Quality.of(fresh, localTest);
                tf += qt.f1();
                ta += qt.rocAuc();
                sf += qs.f1();
                sa += nanToHalf(qs.rocAuc());
            }
            out.add(new Point(k, tf / seeds, ta / seeds, sf / seeds, sa / seeds, nanos / 1e6 / seeds));
        }
        return out;
    }

    /** A model with no ranking (all scores equal) has an AUC of 1/2. */
    private static double nanToHalf(double auc) {
        return Double.isNaN(auc) ? 0.5 : auc;
    }

    /** k rows drawn without replacement (all rows if there are fewer). */
    static Task.Rows draw(Task.Rows rows, int k, Random random) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            idx.add(i);
        }
        Collections.shuffle(idx, random);
        return rows.subset(idx.subList(0, Math.min(k, idx.size())));
    }
}
