package io.smile.cloud.scoring;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * The registry's files in {@code dir}: {@code ID.reg}, the registration message as received, and
 * {@code ID.state}, its registration time, batches scored, processed sequences, query budget and
 * pinned identity key (public metadata only). Writes are atomic (temporary file, then rename).
 */
final class GatewayStore {
    private static final Logger LOG = Logger.getLogger(GatewayStore.class);
    private static final String REG = ".reg";
    private static final String STATE = ".state";

    /** A registration file: the gateway id its name gives and its bytes. */
    record Persisted(String id, byte[] payload) {
    }

    private final Path dir;
    private final int dedupWindow;

    GatewayStore(Path dir, int dedupWindow) {
        this.dir = dir;
        this.dedupWindow = dedupWindow;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the registry directory " + dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    /** A fresh state pinned to {@code identity}: nothing processed yet. */
    GatewayState newState(byte[] identity) {
        return new GatewayState(new DedupWindow(dedupWindow), 0, identity);
    }

    void writeRegistration(String gatewayId, byte[] payload) throws IOException {
        writeAtomically(file(gatewayId, REG), payload);
    }

    /** Every readable registration file, by name; unreadable ones are logged and skipped. */
    List<Persisted> registrations() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + REG)) {
            ds.forEach(files::add);
        } catch (IOException e) {
            LOG.errorf("cannot list the registry directory %s: %s", dir, e.getMessage());
            return List.of();
        }
        files.sort(Comparator.naturalOrder());
        List<Persisted> out = new ArrayList<>();
        for (Path f : files) {
            String id = f.getFileName().toString();
            id = id.substring(0, id.length() - REG.length());
            try {
                out.add(new Persisted(id, Files.readAllBytes(f)));
            } catch (IOException e) {
                LOG.warnf("registry file of gateway %s skipped: %s", id, e.getMessage());
            }
        }
        return out;
    }

    /** Deletes both files of a gateway (logged if that fails: the gateway is forgotten anyway). */
    void delete(String gatewayId) {
        try {
            Files.deleteIfExists(file(gatewayId, REG));
            Files.deleteIfExists(file(gatewayId, STATE));
        } catch (IOException e) {
            LOG.warnf("gateway %s: cannot delete its registry files: %s", gatewayId, e.getMessage());
        }
    }

    void writeState(GatewayRegistry.Gateway g) throws IOException {
        Properties p = new Properties();
        p.setProperty("tenant", g.tenant());
        p.setProperty("registeredAt", g.registeredAt().toString());
        p.setProperty("batchesScored", Long.toString(g.state().scored()));
        p.setProperty("floor", Long.toString(g.state().dedup().floor()));
        StringBuilder above = new StringBuilder();
        for (long s : g.state().dedup().above()) {
            if (above.length() > 0) {
                above.append(',');
            }
            above.append(s);
        }
        p.setProperty("above", above.toString());
        p.setProperty("budget", g.state().budget().encode());
        p.setProperty("identity", Base64.getEncoder().encodeToString(g.state().identity()));
        StringWriter w = new StringWriter();
        p.store(w, "SMiLe gateway state: processed sequences, query budget used (public metadata only)");
        writeAtomically(file(g.id(), STATE), w.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The persisted state of a gateway; a fresh one pinned to {@code registered} (the identity of its
     * stored registration) if there is none or it is unreadable (logged), or if it was written before
     * identities were pinned. The pin read may differ from {@code registered}: the caller refuses that.
     */
    GatewayState readState(String gatewayId, byte[] registered) {
        Path f = file(gatewayId, STATE);
        if (!Files.isRegularFile(f)) {
            return newState(registered);
        }
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            long floor = Long.parseLong(p.getProperty("floor", "-1"));
            List<Long> above = new ArrayList<>();
            String list = p.getProperty("above", "");
            if (!list.isBlank()) {
                for (String s : list.split(",")) {
                    above.add(Long.parseLong(s.trim()));
                }
            }
            long scored = Long.parseLong(p.getProperty("batchesScored", "0"));
            // state files written before the query budget have none: the budget starts empty
            QueryBudget budget = QueryBudget.decode(p.getProperty("budget", ";"));
            String pin = p.getProperty("identity");
            byte[] identity = pin == null ? registered : Base64.getDecoder().decode(pin);
            return new GatewayState(new DedupWindow(dedupWindow, floor, above), scored, budget, identity);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("gateway %s: state file unreadable (%s); duplicate detection starts afresh", gatewayId, e.getMessage());
            return newState(registered);
        }
    }

    Optional<Instant> readRegisteredAt(String gatewayId) {
        Path f = file(gatewayId, STATE);
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            String s = p.getProperty("registeredAt");
            return s == null ? Optional.empty() : Optional.of(Instant.parse(s));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Path file(String gatewayId, String suffix) {
        return dir.resolve(gatewayId + suffix);
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
