/**
 * Infrastructure for demos and tests on one machine, never for a deployment: an embedded MQTT 5
 * broker (HiveMQ CE) on 127.0.0.1, plain or TLS only with optional client certificates
 * ({@link io.smile.broker.EmbeddedBroker}); a throwaway certificate authority issuing broker and
 * client certificates as PKCS#12 or PEM ({@link io.smile.broker.LocalCa}); a Mosquitto process of a
 * test's own that it can stop, freeze, kill and restart ({@link io.smile.broker.MosquittoBroker}, when
 * the Debian package is installed); and the small helpers
 * such runs share: free loopback ports ({@link io.smile.broker.LoopbackPorts}), deleting a
 * scratch directory ({@link io.smile.broker.FileTrees}), ending a started process with a grace
 * period ({@link io.smile.broker.Processes}) and a small tmpfs to fill for a real "disk full"
 * ({@link io.smile.broker.SmallFileSystem}, root only).
 *
 * <p>Depends on HiveMQ CE embedded, Bouncy Castle (certificates) and SLF4J (to quiet HiveMQ's
 * loggers); Mosquitto, mount and umount are external executables, started as processes; nothing of SMiLe. Product modules use it in test scope only; the command line
 * ({@code smile-cli}) is the one module that ships it, for {@code ./smile demo} and the
 * federation and workforce commands.
 */
package io.smile.broker;
