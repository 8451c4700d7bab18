package io.smile.cloud;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The service's packages use only the packages their package-info allows: the shared ones
 * ({@code intake}, {@code mqtt}) none of the service's, the two use cases not each other.
 */
class PackageDependencyTest {
    private static final Path MAIN = Path.of("src", "main", "java", "io", "smile", "cloud");
    private static final Pattern USE = Pattern.compile("\\bio\\.smile\\.cloud(\\.[a-z]+)?\\.[A-Z]");

    /** Package (below io.smile.cloud) → the service packages it may use ("" is the root). */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "intake", Set.of(),
            "mqtt", Set.of(),
            "scoring", Set.of("intake", "mqtt"),
            "segments", Set.of("intake", "mqtt"),
            "federation", Set.of("scoring", "segments", "api"),
            "api", Set.of("", "intake", "mqtt", "scoring", "segments"));

    @Test
    void everyPackageUsesOnlyWhatItsPackageInfoAllows() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = MAIN.relativize(f);
                String pkg = rel.getNameCount() == 1 ? "" : rel.getName(0).toString();
                seen.add(pkg);
                if (pkg.isEmpty()) {
                    continue; // the root wires everything
                }
                Set<String> allowed = ALLOWED.get(pkg);
                assertNotNull(allowed, "package " + pkg + " is not in the table: add it with what it may use");
                Matcher m = USE.matcher(Files.readString(f));
                while (m.find()) {
                    String used = m.group(1) == null ? "" : m.group(1).substring(1);
                    if (!used.equals(pkg) && !allowed.contains(used)) {
                        problems.add(rel + " uses io.smile.cloud" + (used.isEmpty() ? "" : "." + used));
                    }
                }
            }
        }
        assertEquals(new TreeSet<>(Set.of("", "intake", "mqtt", "scoring", "segments", "federation", "api")), seen);
        assertEquals(List.of(), problems);
    }
}
