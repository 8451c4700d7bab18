package io.smile.workforce;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentModelFileTest {
    private static long[][] centroids(int k) {
        long[][] c = new long[k][HrEncoding.FEATURES];
        for (int i = 0; i < k; i++) {
            for (int d = 0; d < HrEncoding.FEATURES; d++) {
                c[i][d] = ((i * 31 + d * 7) % 513) - 256;
            }
        }
        return c;
    }

    @Test
    void writeThenReadGivesTheSameCentroids(@TempDir Path dir) throws Exception {
        long[][] c = centroids(3);
        Path f = dir.resolve("models").resolve("centroids.json"); // a directory that does not exist yet
        SegmentModelFile.of(c, Map.of("mode", "EXACT")).write(f);
        SegmentModelFile back = SegmentModelFile.read(f);
        assertEquals(3, back.k());
        assertEquals(SegmentModelFile.FORMAT, back.format());
        assertEquals(SegmentModelFile.ENCODING, back.encoding());
        assertEquals("EXACT", back.metadata().get("mode"));
        assertArrayEquals(c, back.centroidsCopy());
        assertFalse(Files.exists(dir.resolve("models").resolve("centroids.json.tmp")));
    }

    private static String valid() {
        return SegmentModelFile.of(centroids(2), Map.of()).toJson();
    }

    private static void assertInvalid(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SegmentModelFile.parse(json, "x.json"));
        assertTrue(e.getMessage().startsWith("x.json: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void invalidFilesAreRefusedWithTheFieldNamed() {
        String ok = valid();
        SegmentModelFile.parse(ok, "x.json");
        assertInvalid(ok.replace("\"format\" : 1", "\"format\" : 2"), "format 2 is not supported");
        assertInvalid(ok.replace(SegmentModelFile.ENCODING, "other"), "encoding 'other'");
        assertInvalid(ok.replace("\"features\" : 47", "\"features\" : 46"), "features = 46");
        assertInvalid(ok.replace("\"scale\" : 64", "\"scale\" : 32"), "scale = 32");
        assertInvalid(ok.replace("\"k\" : 2", "\"k\" : 3"), "centroids must have k = 3 rows");
        assertInvalid(ok.replace("\"k\" : 2", "\"k\" : 1"), "k = 1 outside");
        assertInvalid(ok.replaceFirst("-256", "-257"), "outside [-256, 256]");
        assertInvalid(ok.replaceFirst("-256,", ""), "must have 47 values");
        assertInvalid(ok.replace("\"format\" : 1,", "\"format\" : 1, \"extra\" : 0,"), "not a valid segment model file");
        assertInvalid(ok.replace("\"format\" : 1,", ""), "not a valid segment model file");
        assertInvalid("{", "not a valid segment model file");
        assertInvalid(ok.replaceFirst("\"createdAt\" : \"[^\"]*\"", "\"createdAt\" : \"yesterday\""), "createdAt");
    }

    @Test
    void missingFileIsReported(@TempDir Path dir) {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> SegmentModelFile.read(dir.resolve("none.json")));
        assertTrue(e.getMessage().contains("none.json"));
    }
}
