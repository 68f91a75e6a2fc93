package io.rtda.models.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The attribution's wire form: time steps named by lag, largest share first. */
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
}
