package io.smile.cloud.intake;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The rejection tables of README.md (repository root) and cloud-service/README.md against
 * {@link Reason}. A reason table is a Markdown table whose first header cell is {@code reason};
 * the HTML comment {@code <!-- reasons: X -->} above it says what it lists: {@code all} (every
 * reason with its meaning and one column per {@link Reason.Refused}) or one {@link Reason.Refused}
 * in kebab case ({@code batch}, {@code gateway-keys}, {@code segment-request}, {@code unit-keys}).
 */
class ReasonDocumentationTest {
    private static final Path SERVICE_README = Path.of("README.md");
    private static final Path ROOT_README = Path.of("..", "README.md");
    private static final Pattern TAG = Pattern.compile("<!--\\s*reasons:\\s*([a-z-]+)\\s*-->");
    private static final Pattern NAME = Pattern.compile("`([a-z-]+)`");

    /** One reason table: where it starts, its tag (null if none), header and rows as cells. */
    record Table(String file, int line, String tag, List<String> header, List<List<String>> rows) {
        String where() {
            return file + ":" + line;
        }
    }

    @Test
    void theServiceReadmeDocumentsEveryReasonAndEachMessageKindsReasons() throws IOException {
        List<Table> tables = tables(SERVICE_README.toString(), read(SERVICE_README));
        List<String> problems = problems(tables);
        assertEquals(List.of(), problems, "cloud-service/README.md disagrees with the Reason enum");
        Set<String> tags = tables.stream().map(Table::tag).collect(Collectors.toSet());
        assertTrue(tags.contains("all"), "the table of every reason is missing");
        for (Reason.Refused r : Reason.Refused.values()) {
            assertTrue(tags.contains(tag(r)), "no reason table for " + tag(r));
        }
    }

    @Test
    void theRootReadmesReasonTablesAgreeWithTheEnum() throws IOException {
        // the root README may list reasons too (today it refers to cloud-service/README.md instead);
        // whatever it lists must be the enum's
        assertTrue(Files.isRegularFile(ROOT_README), "run from the module directory: " + ROOT_README.toAbsolutePath());
        assertEquals(List.of(), problems(tables("README.md", read(ROOT_README))), "README.md disagrees with the Reason enum");
    }

    @Test
    void aMissingExtraOrRenamedReasonIsReported() throws IOException {
        String text = read(SERVICE_README);
        assertTrue(problems(tables("x", text)).isEmpty());
        // drop a row of the batch table, rename one in the segment table, add an unknown one
        String dropped = text.replaceFirst("\\| `level-too-low` \\|[^\\n]*\\n", "");
        assertNotEquals(text, dropped);
        assertTrue(problems(tables("x", dropped)).stream().anyMatch(p -> p.contains("level-too-low")), "missing row");
        String renamed = text.replace("| `unknown-unit` | no segment keys registered for the unit | yes",
                "| `no-such-unit` | no segment keys registered for the unit | yes");
        assertNotEquals(text, renamed);
        List<String> renamedProblems = problems(tables("x", renamed));
        assertTrue(renamedProblems.stream().anyMatch(p -> p.contains("no-such-unit")), renamedProblems.toString());
        assertTrue(renamedProblems.stream().anyMatch(p -> p.contains("unknown-unit")), renamedProblems.toString());
        String untagged = text.replace("<!-- reasons: batch -->", "");
        assertTrue(problems(tables("x", untagged)).stream().anyMatch(p -> p.contains("no <!-- reasons")), "untagged table");
        String meaning = text.replace("| `duplicate` | this gateway sequence was already processed (not scored again: answered with its stored result while kept) |",
                "| `duplicate` | something else |");
        assertNotEquals(text, meaning);
        assertTrue(problems(tables("x", meaning)).stream().anyMatch(p -> p.contains("meaning of duplicate")), "meaning");
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static String tag(Reason.Refused r) {
        return r.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every table whose first header cell is "reason", with the tag found above it (blank lines skipped). */
    static List<Table> tables(String file, String text) {
        String[] lines = text.split("\n", -1);
        List<Table> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!isRow(lines[i]) || (i > 0 && isRow(lines[i - 1]))) {
                continue;
            }
            List<String> header = cells(lines[i]);
            if (header.isEmpty() || !header.get(0).equals("reason")) {
                continue;
            }
            String tag = null;
            for (int k = i - 1; k >= 0; k--) {
                String above = lines[k].trim();
                if (above.isEmpty()) {
                    continue;
                }
                Matcher m = TAG.matcher(above);
                tag = m.matches() ? m.group(1) : null;
                break;
            }
            List<List<String>> rows = new ArrayList<>();
            for (int j = i + 2; j < lines.length && isRow(lines[j]); j++) {
                rows.add(cells(lines[j]));
            }
            out.add(new Table(file, i + 1, tag, header, rows));
        }
        return out;
    }

    private static boolean isRow(String line) {
        return line.trim().startsWith("|");
    }

    private static List<String> cells(String row) {
        String t = row.trim();
        t = t.substring(1, t.endsWith("|") && t.length() > 1 ? t.length() - 1 : t.length());
        return Arrays.stream(t.split("\\|", -1)).map(String::trim).toList();
    }

    /** What differs between the tables and the enum; empty when they agree. */
    static List<String> problems(List<Table> tables) {
        List<String> problems = new ArrayList<>();
        for (Table t : tables) {
            if (t.tag() == null) {
                problems.add(t.where() + ": reason table with no <!-- reasons: ... --> tag above it");
                continue;
            }
            Set<String> names = new LinkedHashSet<>();
            for (List<String> row : t.rows()) {
                Matcher m = NAME.matcher(row.get(0));
                if (!m.matches()) {
                    problems.add(t.where() + ": first cell is not a `reason`: " + row.get(0));
                    continue;
                }
                if (!names.add(m.group(1))) {
                    problems.add(t.where() + ": " + m.group(1) + " listed twice");
                }
            }
            Set<Reason> expected;
            if (t.tag().equals("all")) {
                expected = EnumSet.allOf(Reason.class);
                checkReferenceTable(t, problems);
            } else {
                Reason.Refused what = Arrays.stream(Reason.Refused.values()).filter(r -> tag(r).equals(t.tag())).findFirst()
                        .orElse(null);
                if (what == null) {
                    problems.add(t.where() + ": unknown tag " + t.tag());
                    continue;
                }
                expected = EnumSet.copyOf(Reason.refusing(what));
            }
            Set<String> wanted = expected.stream().map(Reason::wire).collect(Collectors.toCollection(TreeSet::new));
            Set<String> missing = new TreeSet<>(wanted);
            missing.removeAll(names);
            Set<String> extra = new TreeSet<>(names);
            extra.removeAll(wanted);
            if (!missing.isEmpty()) {
                problems.add(t.where() + " (" + t.tag() + "): missing " + missing);
            }
            if (!extra.isEmpty()) {
                problems.add(t.where() + " (" + t.tag() + "): not reasons of the enum for it " + extra);
            }
        }
        return problems;
    }

    /** The "all" table: meaning and one ✓ column per Refused, as in the enum. */
    private static void checkReferenceTable(Table t, List<String> problems) {
        List<String> wantHeader = new ArrayList<>(List.of("reason", "meaning"));
        for (Reason.Refused r : Reason.Refused.values()) {
            wantHeader.add(tag(r).replace('-', ' '));
        }
        if (!t.header().equals(wantHeader)) {
            problems.add(t.where() + ": header " + t.header() + ", expected " + wantHeader);
            return;
        }
        for (List<String> row : t.rows()) {
            Matcher m = NAME.matcher(row.get(0));
            if (!m.matches()) {
                continue;
            }
            Reason reason = Arrays.stream(Reason.values()).filter(r -> r.wire().equals(m.group(1))).findFirst().orElse(null);
            if (reason == null || row.size() != wantHeader.size()) {
                continue; // reported as an extra name, or a broken row below
            }
            if (!row.get(1).equals(reason.meaning())) {
                problems.add(t.where() + ": meaning of " + reason.wire() + " is '" + row.get(1) + "', the enum says '"
                        + reason.meaning() + "'");
            }
            for (Reason.Refused r : Reason.Refused.values()) {
                boolean marked = !row.get(2 + r.ordinal()).isEmpty();
                if (marked != reason.refuses().contains(r)) {
                    problems.add(t.where() + ": " + reason.wire() + " " + (marked ? "marked" : "not marked") + " for "
                            + tag(r) + ", the enum says the opposite");
                }
            }
        }
    }
}
