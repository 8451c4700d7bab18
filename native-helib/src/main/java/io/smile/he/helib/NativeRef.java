package io.smile.he.helib;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One native handle, freed exactly once: by {@link #free()} or by the {@link Cleaner} once its
 * Java owner is unreachable. The state object holds no reference back to the owner.
 */
final class NativeRef {
    private static final Cleaner CLEANER = Cleaner.create();

    private final State state;
    private final Cleaner.Cleanable cleanable;

    private static final class State implements Runnable {
        final AtomicLong id;

        State(long id) {
            this.id = new AtomicLong(id);
        }

        @Override
        public void run() {
            long h = id.getAndSet(0);
            if (h != 0) {
                HelibNative.free(h);
            }
        }
    }

    NativeRef(Object owner, long id) {
        this.state = new State(id);
        this.cleanable = CLEANER.register(owner, state);
    }

    /** The id; 0 once freed (the shim refuses 0 like any unknown id). */
    long id() {
        return state.id.get();
    }

    void free() {
        cleanable.clean();
    }
}
