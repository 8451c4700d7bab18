package io.smile.edge.result;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smile.broker.SmallFileSystem;
import io.smile.edge.WindowResult;
import io.smile.edge.state.StateWriteFailures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adversary: the disk under results.jsonl fills up while results arrive (a real tmpfs). Before, the
 * buffered writer failed, the lines were lost or torn halfway; now the file holds whole lines only, and
 * every line arrives, in order, once space returns.
 */
class ResultLogDiskFullTest {
    @TempDir
    Path tmp;

    private static List<WindowResult> batch(long seq, int windows) {
        List<WindowResult> l = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            l.add(new WindowResult("Mill0" + (w % 8 + 1), seq * 100 + w, 1000, OptionalLong.empty(), w % 5 == 0, seq, w,
                    "pdm-quadratic", 1, 2000, 1000, 400_000));
        }
        return l;
    }

    @Test
    void resultLinesAreKeptWholeAndInOrderThroughAFullDisk() throws Exception {
        SmallFileSystem.Mount m = SmallFileSystem.mount(tmp.resolve("disk"), 1 << 20);
        Assumptions.assumeTrue(m.mounted(), () -> "no real disk-full test here: " + m.refusedBecause());
        try (SmallFileSystem fs = m.fileSystem()) {
            ResultLog log = new ResultLog(fs.directory(), StateWriteFailures.perMinute());
            log.write(batch(0, 8));
            // leave less room than a batch's lines: the next write fails halfway
            fs.fill();
            Files.delete(fs.directory().resolve("alerts.jsonl")); // frees one page
            Files.writeString(fs.directory().resolve("alerts.jsonl"), "");
            for (long s = 1; s <= 20; s++) {
                log.write(batch(s, 8));
            }
            List<Long> onDisk = sequences(fs.directory());
            for (int i = 0; i < onDisk.size(); i++) {
                assertEquals(i / 8, onDisk.get(i), "whole lines in order, none torn: line " + i);
            }
            fs.empty();
            log.write(batch(21, 8));
            log.close();
            List<Long> all = sequences(fs.directory());
            assertEquals(22 * 8, all.size(), "every line once space returned");
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i / 8, all.get(i));
            }
        }
    }

    /**
     * A small append that still fits the file's last block is not the end of an outage: before,
     * every such append logged "writable again" and the next one failed again (about once a second).
     */
    @Test
    void aWorkingResultAppendDoesNotEndAnOutage() throws Exception {
        StateWriteFailures failures = new StateWriteFailures(java.time.Duration.ofMinutes(1), () -> 0L);
        failures.failed("outbox batch 7", new java.io.IOException("No space left on device"));
        try (ResultLog log = new ResultLog(tmp, failures)) {
            log.write(batch(0, 8));
        }
        org.junit.jupiter.api.Assertions.assertTrue(failures.failing(),
                "only the outbox's whole-batch writes end an outage");
        assertEquals(8, sequences(tmp).size());
    }

    private static List<Long> sequences(Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Long> seq = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("results.jsonl"))) {
            seq.add(json.readTree(line).get("sequence").asLong()); // a torn line fails to parse here
        }
        return seq;
    }
}
