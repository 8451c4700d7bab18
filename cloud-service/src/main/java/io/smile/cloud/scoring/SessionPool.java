package io.smile.cloud.scoring;

import io.smile.he.api.HeSession;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * HE sessions shared by every gateway with the same parameters (a session owns precomputed tables
 * and worker threads, so one per parameter set rather than one per gateway), reference counted:
 * each registered gateway holds one reference, each batch being scored another, and the session
 * is closed when the last is released.
 */
final class SessionPool {
    /** A reference-counted session. */
    static final class Shared {
        private final SessionPool pool;
        private final String key;
        private final HeSession session;
        private int refs = 1;

        private Shared(SessionPool pool, String key, HeSession session) {
            this.pool = pool;
            this.key = key;
            this.session = session;
        }

        HeSession session() {
            return session;
        }

        /** Takes another reference; false if the session was closed meanwhile. */
        boolean retain() {
            synchronized (pool) {
                if (refs == 0) {
                    return false;
                }
                refs++;
                return true;
            }
        }

        /** Drops a reference; the last one closes the session. */
        void release() {
            boolean close;
            synchronized (pool) {
                if (refs == 0) {
                    return;
                }
                refs--;
                close = refs == 0;
                if (close) {
                    pool.sessions.remove(key, this);
                }
            }
            if (close) {
                session.close();
            }
        }
    }

    private final Map<String, Shared> sessions = new HashMap<>();

    /**
     * A reference to the session for {@code key}, opening it with {@code opener} if none is open.
     * The opener runs under the pool's lock (parameter sets are few and opening is quick).
     */
    synchronized Shared acquire(String key, Supplier<HeSession> opener) {
        Shared s = sessions.get(key);
        if (s != null && s.retain()) {
            return s;
        }
        Shared fresh = new Shared(this, key, opener.get());
        sessions.put(key, fresh);
        return fresh;
    }

    synchronized int size() {
        return sessions.size();
    }

    /** Closes every session (shutdown). */
    void closeAll() {
        Map<String, Shared> copy;
        synchronized (this) {
            copy = new HashMap<>(sessions);
            sessions.clear();
            for (Shared s : copy.values()) {
                s.refs = 0;
            }
        }
        for (Shared s : copy.values()) {
            s.session.close();
        }
    }
}
