package io.rtda.models.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The attribution's wire form (time steps named by lag, largest share first) and how verdicts rank. */
class AnomalyScoreTest {
    @Test
    void shouldNameStepsByLagLargestShareFirst() {
        AnomalyScore score = new AnomalyScore("rcf", 0.9, 10, 8, 12, Direction.ABOVE, 1,
                List.of(new Contribution(2, 0.1), new Contribution(0, 0.7), new Contribution(1, 0.2)));
        Map<String, Double> steps = score.attributionBySteps();
        assertEquals(List.of("t-0", "t-1", "t-2"), List.copyOf(steps.keySet()));
        assertEquals(0.7, steps.get("t-0"));
    }

    @Test
    void shouldGiveNoAttributionWhenTheDetectorHasNone() {
        assertNull(new AnomalyScore("robust-z", 0.5, 1, 0, 2, Direction.NONE, 1).attributionBySteps());
    }

    @Test
    void shouldRankByScoreThenByDistanceOutOfTheRangeThenKeepTheFirst() {
        AnomalyScore saturated = new AnomalyScore("robust-z", 1, 10, 8, 12, Direction.ABOVE, 1);
        assertEquals(45.0, saturated.excess(100)); // 90 from the expected value, half-width 2
        assertTrue(saturated.outranks(100, null, 0));
        assertTrue(saturated.outranks(100, saturated, 50), "same score, further out");
        assertFalse(saturated.outranks(50, saturated, 100));
        assertFalse(saturated.outranks(100, saturated, 100), "equal: the one kept stays");
        AnomalyScore lower = new AnomalyScore("robust-z", 0.5, 10, 8, 12, Direction.ABOVE, 1);
        assertTrue(saturated.outranks(13, lower, 1e9), "a higher score wins whatever the distance");
        // a distance that overflows is further than any finite one; an unknown range counts as 0
        AnomalyScore narrow = new AnomalyScore("robust-z", 1, 0, -1e-300, 1e-300, Direction.ABOVE, 1);
        assertEquals(Double.POSITIVE_INFINITY, narrow.excess(1e300));
        assertTrue(narrow.outranks(1e300, narrow, 1e-250));
        assertEquals(0.0, new AnomalyScore("x", 1, Double.NaN, Double.NaN, Double.NaN, Direction.NONE, 0).excess(5));
    }
}
