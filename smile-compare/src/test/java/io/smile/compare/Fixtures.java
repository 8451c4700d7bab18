package io.smile.compare;

import io.smile.pdm.model.QuadraticModel;
import io.smile.pdm.model.QuadraticTrainer;
import io.smile.pdm.training.PdmTraining;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A small generated task and a quickly trained model, shared by the tests (fixed seeds). */
public final class Fixtures {
    private static Task task;
    private static QuadraticModel model;

    private Fixtures() {
    }

    public static synchronized Task task() {
        if (task == null) {
            try {
                task = Task.of(PdmTraining.load(null, 4000, 7), "4000 generated rows (seed 7)", 7, 0.8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return task;
    }

    public static synchronized QuadraticModel model() {
        if (model == null) {
            model = new QuadraticTrainer().epochs(400).train(task().train().z(), task().train().labels());
        }
        return model;
    }
}
