package io.smile.cloud.scoring;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The sliding hour and day of {@link QueryBudget}, on explicit times (no clock involved). */
class QueryBudgetTest {
    private static final long T0 = 1_800_000_000_000L - 1_800_000_000_000L % QueryBudget.HOUR; // on an hour boundary
    private final QueryBudget.Limits limits = new QueryBudget.Limits(100, 250);

    @Test
    void windowsWithinTheHourlyLimitAreChargedAndTheNextOnesWaitForTheOldestMinuteToExpire() {
        QueryBudget b = new QueryBudget();
        assertEquals(0, b.tryCharge(60, T0 + 5_000, limits));
        assertEquals(0, b.tryCharge(40, T0 + 10 * QueryBudget.MINUTE, limits));
        // full: 1 more waits until the first minute's 60 windows leave the hour
        long wait = b.tryCharge(1, T0 + 20 * QueryBudget.MINUTE, limits);
        assertEquals(T0 + QueryBudget.HOUR - (T0 + 20 * QueryBudget.MINUTE), wait);
        // 61 more must wait for the second bucket too
        assertEquals(T0 + 10 * QueryBudget.MINUTE + QueryBudget.HOUR - (T0 + 20 * QueryBudget.MINUTE),
                b.tryCharge(61, T0 + 20 * QueryBudget.MINUTE, limits));
        assertEquals(new QueryBudget.Usage(100, 100, 100, 250), b.usage(T0 + 20 * QueryBudget.MINUTE, limits));
        // once the first minute left the hour, 60 fit again (and the refused tries charged nothing)
        assertEquals(0, b.tryCharge(60, T0 + QueryBudget.HOUR, limits));
        assertEquals(100, b.usage(T0 + QueryBudget.HOUR, limits).windowsLastHour());
        assertEquals(160, b.usage(T0 + QueryBudget.HOUR, limits).windowsLastDay());
    }

    @Test
    void theDailyLimitHoldsAcrossHours() {
        QueryBudget b = new QueryBudget();
        for (int h = 0; h < 2; h++) {
            assertEquals(0, b.tryCharge(100, T0 + h * QueryBudget.HOUR, limits));
        }
        assertEquals(0, b.tryCharge(50, T0 + 2 * QueryBudget.HOUR, limits));
        long now = T0 + 3 * QueryBudget.HOUR;
        long wait = b.tryCharge(10, now, limits); // the hour is empty, the day is full (250)
        assertEquals(T0 + QueryBudget.DAY - now, wait, "waits for the first hour to leave the day");
        assertTrue(wait > 0);
    }

    @Test
    void aBatchLargerThanALimitNeverFitsAndARefundGivesWindowsBack() {
        QueryBudget b = new QueryBudget();
        assertEquals(Long.MAX_VALUE, b.tryCharge(101, T0, limits));
        assertEquals(0, b.tryCharge(100, T0, limits));
        assertTrue(b.tryCharge(1, T0, limits) > 0);
        b.refund(30, T0);
        assertEquals(0, b.tryCharge(30, T0, limits));
        assertThrows(IllegalArgumentException.class, () -> new QueryBudget.Limits(0, 1));
    }

    @Test
    void theUsageSurvivesItsTextFormAndGarbageIsRefused() {
        QueryBudget b = new QueryBudget();
        b.tryCharge(30, T0 + 5 * QueryBudget.MINUTE, limits);
        b.tryCharge(20, T0 + 2 * QueryBudget.HOUR, limits);
        QueryBudget back = QueryBudget.decode(b.encode());
        long now = T0 + 2 * QueryBudget.HOUR + QueryBudget.MINUTE;
        assertEquals(b.usage(now, limits), back.usage(now, limits));
        assertEquals(new QueryBudget.Usage(20, 100, 50, 250), back.usage(now, limits));
        assertEquals(new QueryBudget.Usage(0, 100, 0, 250), QueryBudget.decode(";").usage(now, limits));
        for (String bad : new String[] {"", "1:2", "x:1;", "60000:-1;", "1:1;", "60000:1:2;"}) {
            assertThrows(IllegalArgumentException.class, () -> QueryBudget.decode(bad), bad);
        }
    }
}
