package io.rtda.models.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PerStreamTest {
    /** A stream's state in this test: the values it was handed, in order. */
    private final List<String> created = new ArrayList<>();
    private final PerStream<List<Double>> streams = new PerStream<>(id -> {
        created.add(id);
        return new ArrayList<>();
    });

    @Test
    void shouldHandEachReadingItsOwnStreamsStateInOrderCreatingItOnce() {
        AnomalyScore[] out = streams.observe(new String[] {"a", "b", "a", "c"}, new long[] {1, 2, 3, 4},
                new double[] {10, 20, 30, 40}, 3, PerStreamTest::record);

        assertEquals(3, out.length, "only the first count readings");
        assertEquals(List.of("a", "b"), created);
        assertEquals(List.of(10.0, 30.0), streams.states().get("a"));
        assertEquals(List.of(20.0), streams.states().get("b"));
        assertEquals(30.0, out[2].expected(), "the third reading is a's second");
        assertEquals(2.0, out[2].score() * 10, 1e-12, "scored with a's state as it stood before");
    }

    @Test
    void shouldReplaceEveryStateOnRestoreAndKeepTheViewReadOnly() {
        streams.observe(new String[] {"a"}, new long[] {1}, new double[] {1}, 1, PerStreamTest::record);
        streams.replaceAll(Map.of("b", new ArrayList<>(List.of(5.0))));

        assertEquals(Map.of("b", List.of(5.0)), streams.states());
        assertThrows(UnsupportedOperationException.class, () -> streams.states().clear());
    }

    /** Scores a reading with 0.1 per value its stream held before it, then holds it. */
    private static AnomalyScore record(List<Double> state, long timestamp, double value) {
        AnomalyScore score = new AnomalyScore("test", 0.1 * (state.size() + 1), value, value, value,
                Direction.NONE, 1, AnomalyScore.NEWEST_ONLY);
        state.add(value);
        return score;
    }
}
