package io.rtda.models.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    @Test
    void shouldGiveTheOneThreadScoresWhenACallIsSplitOverThreads() {
        Set<String> threadsUsed = ConcurrentHashMap.newKeySet();
        PerStream.Step<List<Double>> step = (state, timestamp, value) -> {
            threadsUsed.add(Thread.currentThread().getName());
            return history(state, timestamp, value);
        };
        try (PerStream<List<Double>> split = new PerStream<>(id -> new ArrayList<>(), 3, "test-split")) {
            PerStream<List<Double>> single = new PerStream<>(id -> new ArrayList<>());
            int n = 200;
            for (int call = 0; call < 30; call++) {
                String[] ids = new String[n];
                long[] ts = new long[n];
                double[] values = new double[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = "s" + ((i * 7 + call) % n);
                    ts[i] = call;
                    values[i] = Math.sin(call * 0.3 + i) * (i % 5 + 1);
                }
                AnomalyScore[] one = single.observe(ids, ts, values, n, PerStreamTest::history);
                AnomalyScore[] many = split.observe(ids, ts, values, n, step);
                assertArrayEquals(one, many, "call " + call);
            }
            assertEquals(single.states(), split.states());
        }
        assertTrue(threadsUsed.size() == 3 && threadsUsed.stream().filter(t -> t.startsWith("test-split-")).count()
                == 2, "the calling thread and two workers: " + threadsUsed);
    }

    @Test
    void shouldRunASmallCallOnTheCallingThreadAlone() {
        Set<String> threadsUsed = ConcurrentHashMap.newKeySet();
        try (PerStream<List<Double>> split = new PerStream<>(id -> new ArrayList<>(), 4, "test-small")) {
            int n = PerStream.MIN_PER_THREAD * 4 - 1;
            String[] ids = new String[n];
            for (int i = 0; i < n; i++) {
                ids[i] = "s" + i;
            }
            split.observe(ids, new long[n], new double[n], n, (state, timestamp, value) -> {
                threadsUsed.add(Thread.currentThread().getName());
                return record(state, timestamp, value);
            });
        }
        assertEquals(Set.of(Thread.currentThread().getName()), threadsUsed);
    }

    @Test
    void shouldRethrowAWorkersFailureAfterEveryPartIsDone() {
        IllegalStateException boom = new IllegalStateException("stream s7 broke");
        try (PerStream<List<Double>> split = new PerStream<>(id -> new ArrayList<>(), 2, "test-fail")) {
            int n = 64;
            String[] ids = new String[n];
            for (int i = 0; i < n; i++) {
                ids[i] = "s" + i;
            }
            long[] ts = new long[n];
            ts[7] = 99;
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> split.observe(ids, ts,
                    new double[n], n, (state, timestamp, value) -> {
                        if (timestamp == 99) {
                            throw boom;
                        }
                        return record(state, timestamp, value);
                    }));
            assertSame(boom, thrown);
            // the failing part stops at s7 as the one-thread loop would; the other part runs to its end first
            int failingPart = Math.floorMod("s7".hashCode(), 2);
            int expected = 0;
            for (int i = 0; i < n; i++) {
                boolean samePart = Math.floorMod(ids[i].hashCode(), 2) == failingPart;
                expected += !samePart || i < 7 ? 1 : 0;
            }
            int learned = split.states().values().stream().mapToInt(List::size).sum();
            assertEquals(expected, learned, "the other part was scored and learned before the call returned");
            AnomalyScore[] again = split.observe(ids, new long[n], new double[n], n, PerStreamTest::record);
            assertEquals(n, again.length, "a failed call leaves the object usable");
        }
        assertThrows(IllegalArgumentException.class, () -> new PerStream<>(id -> List.of(), 0, "x"));
    }

    /** An order-sensitive step: the score depends on every value the stream held before, in order. */
    private static AnomalyScore history(List<Double> state, long timestamp, double value) {
        double h = 0;
        for (double v : state) {
            h = h * 0.5 + v;
        }
        state.add(value);
        return new AnomalyScore("test", Math.abs(Math.tanh(h - value)), h, h - 1, h + 1, Direction.NONE, 1,
                AnomalyScore.NEWEST_ONLY);
    }

    /** Scores a reading with 0.1 per value its stream held before it, then holds it. */
    private static AnomalyScore record(List<Double> state, long timestamp, double value) {
        AnomalyScore score = new AnomalyScore("test", 0.1 * (state.size() + 1), value, value, value,
                Direction.NONE, 1, AnomalyScore.NEWEST_ONLY);
        state.add(value);
        return score;
    }
}
