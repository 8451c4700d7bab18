package io.smile.compare.transfer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.compare.Fixtures;
import io.smile.compare.Task;
import io.smile.pdm.model.QuadraticModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With few local labels the pretrained-and-fine-tuned model beats training from scratch (mean over fixed seeds). */
class TransferLearningTest {
    @Test
    void transferBeatsScratchAtSmallK() {
        Task task = Fixtures.task();
        TransferLearning tl = new TransferLearning(400, 150);
        QuadraticModel pre = tl.pretrain(task.train().exceptSite('M'));
        List<TransferLearning.Point> points = tl.run(pre, task.train().ofSite('M'), task.test().ofSite('M'), new int[] {10, 25}, 5);
        for (TransferLearning.Point p : points) {
            assertTrue(p.transferAuc() > p.scratchAuc(), "at k = " + p.k() + ": " + p);
            assertTrue(p.transferAuc() > 0.75, "the pretrained model carries over to the new site: " + p);
        }
    }
}
