package io.smile.broker;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared helpers of demos and tests: deleting a scratch tree, a free loopback port. */
class FileTreesTest {
    @Test
    void deletesANestedTreeButNotWhatALinkPointsTo(@TempDir Path dir) throws IOException {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "keep");
        Path root = dir.resolve("work");
        Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(root.resolve("a/b/c/file"), "x");
        Files.writeString(root.resolve("top"), "y");
        Files.createSymbolicLink(root.resolve("a/link"), outside);

        FileTrees.deleteTree(root);

        assertFalse(Files.exists(root));
        assertTrue(Files.isRegularFile(outside), "the link's target was deleted");
    }

    @Test
    void aMissingTreeIsNothingToDo(@TempDir Path dir) {
        assertDoesNotThrow(() -> FileTrees.deleteTree(dir.resolve("never-made")));
    }

    @Test
    void aFreeLoopbackPortCanBeBound() throws IOException {
        int port = LoopbackPorts.free();
        assertTrue(port > 0 && port <= 65535, "port " + port);
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(LoopbackPorts.HOST), port));
            assertTrue(s.isBound());
        }
    }
}
