package io.rtda.models.seasonal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.models.catalog.DetectorOptions;
import io.rtda.models.catalog.Detectors;
import io.rtda.models.score.AnomalyScore;
import io.rtda.models.score.Direction;
import io.rtda.models.score.StreamingDetector;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A seeded half-hourly load with a daily cycle, busy on weekdays and quiet at weekends, for eight weeks; on
 * the Thursday of week 7 the load follows the Sunday pattern all day (a public holiday). Every value that
 * day lies inside the stream's overall range, so a detector without context sees nothing; the weekly
 * profile does.
 */
class SeasonalDetectorTest {
    private static final long SEED = 7L;
    /** Monday 2024-01-01 00:00 UTC. */
    private static final long MONDAY = 1_704_067_200_000L;
    private static final long STEP = 1_800_000L;
    private static final int HOLIDAY = 7 * 6 + 3;

    @Test
    void shouldFlagAWeekdayThatLooksLikeASundayAndStayQuietOnOrdinaryDays() {
        System.out.println("seed " + SEED);
        Random random = new Random(SEED);
        double holidayMax = 0;
        double ordinaryMax = 0;
        double robustHolidayMax = 0;
        AnomalyScore holidayNoon = null;
        try (StreamingDetector seasonal = Detectors.create("seasonal", DetectorOptions.of(Map.of()));
                StreamingDetector robust = Detectors.create("robust", DetectorOptions.of(Map.of()))) {
            for (int day = 0; day < 7 * 8; day++) {
                for (int h = 0; h < 48; h++) {
                    boolean weekend = day % 7 >= 5;
                    double v = load(weekend || day == HOLIDAY, h) + random.nextGaussian() * 20;
                    long ts = MONDAY + (day * 48L + h) * STEP;
                    AnomalyScore s = seasonal.observe("grid", ts, v);
                    double r = robust.observe("grid", ts, v).score();
                    if (day == HOLIDAY) {
                        holidayMax = Math.max(holidayMax, s.score());
                        robustHolidayMax = Math.max(robustHolidayMax, r);
                        holidayNoon = h == 24 ? s : holidayNoon;
                    } else if (day >= 7 * 3) {
                        ordinaryMax = Math.max(ordinaryMax, s.score());
                    }
                }
            }
        }
        System.out.printf("holiday max %.3f, ordinary days max %.3f, robust on the holiday %.3f%n", holidayMax,
                ordinaryMax, robustHolidayMax);
        assertTrue(holidayMax > 0.3, "holiday max score " + holidayMax);
        assertTrue(holidayMax > 2 * ordinaryMax, "holiday " + holidayMax + " vs ordinary days " + ordinaryMax);
        assertTrue(holidayMax > 2 * robustHolidayMax, "robust z sees " + robustHolidayMax + " on the holiday");
        assertEquals(Direction.BELOW, holidayNoon.direction());
        assertEquals(load(false, 24), holidayNoon.expected(), 30, "a Thursday noon is expected");
        assertTrue(holidayNoon.expectedLow() > holidayNoon.expected() - 200, "range " + holidayNoon);
        assertEquals(1.0, holidayNoon.confidence(), 1e-12);
    }

    @Test
    void shouldStaySilentWithoutTwoDaysOfHistory() {
        try (StreamingDetector seasonal = Detectors.create("seasonal", DetectorOptions.of(Map.of()))) {
            for (int h = 0; h < 48; h++) {
                AnomalyScore s = seasonal.observe("new", MONDAY + h * STEP, h == 30 ? 1e6 : 100);
                assertEquals(0, s.score(), "no context on day one, hour " + h);
                assertEquals(0, s.confidence(), 1e-12);
            }
        }
    }

    @Test
    void shouldNameTheBadSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Detectors.create("seasonal", DetectorOptions.of(Map.of("seasonal.bins-per-day", "7"))));
        assertTrue(e.getMessage().contains("seasonal.bins-per-day") && e.getMessage().contains("was 7"),
                e.getMessage());
    }

    /** Weekdays rise to 1,000 at midday; weekends and holidays stay near 300 with a smaller hump. */
    private static double load(boolean quiet, int halfHour) {
        double daylight = Math.max(0, Math.sin(Math.PI * (halfHour - 12) / 24));
        return quiet ? 300 + 150 * daylight : 300 + 700 * daylight;
    }
}
