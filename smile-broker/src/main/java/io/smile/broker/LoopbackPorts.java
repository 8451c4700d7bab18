package io.smile.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Free TCP ports on 127.0.0.1, for the servers a demo or a test starts on loopback (the embedded
 * broker, the cloud service's HTTP port).
 *
 * <p>The port is free when this returns; another process may take it before the caller binds it,
 * so a caller that can should retry with another port when the bind fails.
 */
public final class LoopbackPorts {
    /** The address the demo's and the tests' servers listen on. */
    public static final String HOST = "127.0.0.1";

    private LoopbackPorts() {
    }

    /**
     * A port on {@link #HOST} that nothing listens on now.
     *
     * @throws UncheckedIOException if the system has none to give
     */
    public static int free() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
