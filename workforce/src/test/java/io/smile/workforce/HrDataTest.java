package io.smile.workforce;

import static org.junit.jupiter.api.Assertions.*;

import java.io.StringReader;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HrDataTest {
    private static final String HEADER = String.join(",", HrSchema.HEADER);
    private static final String ROW = "41,Yes,Travel_Rarely,1102,Sales,1,2,Life Sciences,1,1,2,Female,94,3,2,Sales Executive,4,Single,5993,19479,8,Y,Yes,11,3,1,80,0,8,0,1,6,4,0,5";

    @Test
    void loadsTheRealFileWithItsPublishedCounts() throws Exception {
        List<HrRecord> rows = TestData.rows();
        assertEquals(1470, rows.size());
        assertEquals(237, rows.stream().filter(HrRecord::attrition).count());
        assertEquals(961, rows.stream().filter(r -> r.department().equals("Research & Development")).count());
        assertEquals(446, rows.stream().filter(r -> r.department().equals("Sales")).count());
        assertEquals(63, rows.stream().filter(r -> r.department().equals("Human Resources")).count());
    }

    @Test
    void parsesOneRowIntoTheDocumentedEncoding() throws Exception {
        HrRecord r = HrDataset.read(new StringReader("\uFEFF" + HEADER + "\r\n" + ROW + "\r\n"), "t").get(0);
        assertEquals(41, r.numeric()[HrSchema.NUMERIC.indexOf(HrSchema.NUMERIC.get(0))]);
        int bt = indexOf("BusinessTravel");
        assertEquals(1, r.numeric()[bt]); // Travel_Rarely
        assertEquals(0, r.numeric()[indexOf("Gender")]); // Female
        assertEquals(1, r.numeric()[indexOf("OverTime")]); // Yes
        assertEquals(5993, r.numeric()[indexOf("MonthlyIncome")]);
        assertEquals("Sales Executive", r.jobRole());
        assertTrue(r.attrition());
        assertEquals(26, HrSchema.NUMERIC.size());
        assertEquals(47, HrEncoding.FEATURES);
        assertFalse(HrSchema.featureNames().stream().anyMatch(n -> HrSchema.DROPPED.contains(n) || n.startsWith("Attrition")));
    }

    private static int indexOf(String name) {
        for (int i = 0; i < HrSchema.NUMERIC.size(); i++) {
            if (HrSchema.NUMERIC.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void rejectsMalformedInputWithLineNumbers() {
        assertMessage(HEADER.replace("Age", "Alter") + "\n" + ROW, "line 1");
        assertMessage(HEADER + "\n" + ROW + "\n" + ROW.replace("1102", "x1102"), "line 3: column DailyRate");
        assertMessage(HEADER + "\n" + ROW.replace("Travel_Rarely", "Sometimes"), "line 2: column BusinessTravel");
        assertMessage(HEADER + "\n" + ROW + ",extra", "line 2: 36 fields");
        assertMessage(HEADER + "\n" + ROW.replace(",Y,", ",N,"), "line 2: column Over18");
        assertMessage(HEADER + "\n" + ROW.replace("Sales Executive", "Astronaut"), "column JobRole");
        assertMessage(HEADER + "\n", "no data rows");
        assertMessage("", "empty file");
    }

    private static void assertMessage(String csv, String expected) {
        HrDataset.HrDataException e = assertThrows(HrDataset.HrDataException.class, () -> HrDataset.read(new StringReader(csv), "f.csv"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void missingFileIsAClearError(@TempDir Path dir) {
        assertThrows(NoSuchFileException.class, () -> HrDataset.load(dir.resolve("ibm-hr-attrition.csv")));
    }

    @Test
    void quantizedFeaturesStayInTheDocumentedRange() throws Exception {
        List<HrRecord> rows = TestData.rows();
        HrEncoding.Standardization st = HrEncoding.Standardization.of(rows);
        long[][] q = st.quantizeAll(rows);
        int m = HrSchema.NUMERIC.size();
        double[] mean = new double[m];
        for (long[] x : q) {
            assertEquals(47, x.length);
            for (int j = 0; j < x.length; j++) {
                assertTrue(Math.abs(x[j]) <= HrEncoding.CLIP_Q);
                if (j < m) {
                    mean[j] += x[j] / (double) q.length;
                } else {
                    assertTrue(x[j] == 0 || x[j] == HrEncoding.ONE_HOT);
                }
            }
            long hot = java.util.Arrays.stream(x, m, x.length).filter(v -> v != 0).count();
            assertEquals(HrSchema.NOMINAL.size(), hot);
        }
        for (int j = 0; j < m; j++) {
            assertEquals(0, mean[j], 0.05 * HrEncoding.SCALE, "mean of standardized " + HrSchema.NUMERIC.get(j).name());
        }
        // the 6-bit statistics give means and standard deviations close to the exact ones
        double[] exactMean = new double[m];
        double[] exactVar = new double[m];
        for (HrRecord r : rows) {
            for (int j = 0; j < m; j++) {
                exactMean[j] += r.numeric()[j] / rows.size();
            }
        }
        for (HrRecord r : rows) {
            for (int j = 0; j < m; j++) {
                exactVar[j] += Math.pow(r.numeric()[j] - exactMean[j], 2) / rows.size();
            }
        }
        for (int j = 0; j < m; j++) {
            HrSchema.NumericColumn c = HrSchema.NUMERIC.get(j);
            double step = (c.hi() - c.lo()) / HrEncoding.STATS_LEVELS;
            assertEquals(exactMean[j], st.mean()[j], step, c.name());
            assertEquals(Math.sqrt(exactVar[j]), st.std()[j], Math.max(step, 0.05 * Math.sqrt(exactVar[j])), c.name());
        }
    }

    @Test
    void unitsPartitionTheRows() throws Exception {
        List<HrRecord> rows = TestData.rows();
        for (int units = 3; units <= 5; units++) {
            List<List<HrRecord>> dept = Units.byDepartment(rows, units);
            assertEquals(units, dept.size());
            assertEquals(rows.size(), dept.stream().mapToInt(List::size).sum());
            for (List<HrRecord> u : dept) {
                assertEquals(1, u.stream().map(HrRecord::department).distinct().count());
            }
            List<List<HrRecord>> random = Units.random(rows, units, 3);
            assertEquals(rows.size(), random.stream().mapToInt(List::size).sum());
            for (List<HrRecord> u : random) {
                assertTrue(Math.abs(u.size() - rows.size() / units) <= 1);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Units.byDepartment(rows, 2));
    }
}
