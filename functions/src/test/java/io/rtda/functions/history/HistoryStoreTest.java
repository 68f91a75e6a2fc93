package io.rtda.functions.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.accelerator.stats.WindowStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One suite over both backends: embedded H2 and the local PostgreSQL (a fresh database per run). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryStoreTest {
    private static final long T0 = 1_790_000_000_000L - Math.floorMod(1_790_000_000_000L, 3_600_000L);
    private static final List<HistoryLevel> LEVELS = List.of(
            new HistoryLevel(Duration.ofSeconds(1), Duration.ofHours(6)),
            new HistoryLevel(Duration.ofMinutes(1), Duration.ofDays(7)),
            new HistoryLevel(Duration.ofHours(1), Duration.ofDays(400)));

    private JdbcHistoryStore h2;
    private JdbcHistoryStore postgres;

    @BeforeAll
    void open() throws Exception {
        h2 = TestDatabases.h2();
        postgres = TestDatabases.postgres();
        for (JdbcHistoryStore store : List.of(h2, postgres)) {
            assertEquals(3, store.migrate(), "first migrations on " + store.url());
            assertEquals(0, store.migrate(), "a second start applies nothing on " + store.url());
        }
    }

    @AfterAll
    void close() throws Exception {
        TestDatabases.drop(postgres);
    }

    Stream<JdbcHistoryStore> stores() {
        return Stream.of(h2, postgres);
    }

    private static WindowStats stats(double mean, double min, double max, double last, long time) {
        return new WindowStats(10, mean * 10, mean, 2, min, max, last, 0, 0, mean, mean + 1, mean + 2, mean + 3, 1,
                time - 10_000, time);
    }

    @Test
    void shouldLookUpOneRowByStreamOnAFreshH2Table() throws Exception {
        // H2 plans on the empty table at the first flush and keeps the plan: the index it picks must include
        // the stream, or every merge scans the whole bucket (N streams: O(N^2) per flush)
        JdbcHistoryStore fresh = TestDatabases.h2();
        fresh.migrate();
        try (Connection c = fresh.connect(); PreparedStatement explain = c.prepareStatement("EXPLAIN UPDATE "
                + "rtda_history SET updates = updates + 1 WHERE stream = ? AND step_ms = ? AND bucket_start = ?")) {
            explain.setString(1, "s");
            explain.setLong(2, 1000);
            explain.setLong(3, 0);
            try (ResultSet plan = explain.executeQuery()) {
                assertTrue(plan.next());
                String index = plan.getString(1).replaceAll("(?s).*?/\\*(.*?)\\*/.*", "$1");
                assertTrue(index.contains("STREAM = ?1"), "the chosen index condition: " + index);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void shouldWriteEveryLevelAndMergeABucketWrittenTwice(JdbcHistoryStore store) throws Exception {
        String stream = "merge-" + store.url().hashCode();
        HistoryRecorder recorder = new HistoryRecorder(LEVELS.get(0));
        try (HistoryWriter writer = new HistoryWriter(store, recorder, LEVELS, 1000, () -> T0)) {
            recorder.record(stream, stats(10, 5, 20, 11, T0 + 100), 0.2);
            recorder.record(stream, stats(20, 1, 30, 19, T0 + 900), Double.NaN);
            assertTrue(writer.flushNow());
            // The same 1 s bucket again in a later flush, plus a new second in the same minute.
            recorder.record(stream, stats(40, 3, 50, 42, T0 + 500), 0.9);
            recorder.record(stream, stats(0, -5, 5, 1, T0 + 30_000), 0.1);
            assertTrue(writer.flushNow());
            assertEquals(0, writer.pending());
        }
        List<HistoryPoint> seconds = store.read(stream, 1000, T0, T0 + 60_000);
        assertEquals(2, seconds.size());
        HistoryPoint first = seconds.get(0);
        assertEquals(3, first.updates());
        assertEquals((10 + 20 + 40) / 3.0, first.mean(), 1e-12);
        assertEquals(1, first.min());
        assertEquals(50, first.max());
        assertEquals(19, first.last(), "newest event time wins, not the latest write");
        assertEquals(0.9, first.score());
        List<HistoryPoint> minutes = store.read(stream, 60_000, T0, T0 + 60_000);
        assertEquals(1, minutes.size());
        assertEquals(4, minutes.get(0).updates());
        assertEquals(70.0 / 4, minutes.get(0).mean(), 1e-12);
        assertEquals(-5, minutes.get(0).min());
        assertEquals(1, minutes.get(0).last());
        assertEquals(store.read(stream, 3_600_000, T0, T0 + 3_600_000).get(0).updates(), 4);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void shouldKeepNoScoreAsUndefined(JdbcHistoryStore store) throws Exception {
        String stream = "no-score-" + store.url().hashCode();
        HistoryRecorder recorder = new HistoryRecorder(LEVELS.get(0));
        try (HistoryWriter writer = new HistoryWriter(store, recorder, LEVELS, 1000, () -> T0)) {
            recorder.record(stream, stats(1, 1, 1, 1, T0), Double.NaN);
            assertTrue(writer.flushNow());
        }
        assertTrue(Double.isNaN(store.read(stream, 1000, T0, T0 + 1000).get(0).score()));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void shouldServeARangeFromTheCoarsestLevelThatCoversIt(JdbcHistoryStore store) throws Exception {
        String stream = "range-" + store.url().hashCode();
        HistoryRecorder recorder = new HistoryRecorder(LEVELS.get(0));
        try (HistoryWriter writer = new HistoryWriter(store, recorder, LEVELS, 100_000, () -> T0)) {
            for (int s = 0; s < 600; s++) {
                recorder.record(stream, stats(s, s, s, s, T0 + s * 1000L), s / 600.0);
            }
            assertTrue(writer.flushNow());
        }
        HistoryReader reader = new HistoryReader(store, LEVELS);
        long now = T0 + 600_000;
        HistoryReader.Page fiveMinutes = reader.read(stream, T0, T0 + 600_000, 300_000, now);
        assertEquals(60_000, fiveMinutes.level().stepMillis(), "5 min steps come from the 1 min rollup");
        assertEquals(2, fiveMinutes.points().size());
        assertEquals(300, fiveMinutes.points().get(0).updates());
        assertEquals(149.5, fiveMinutes.points().get(0).mean(), 1e-9);
        assertEquals(599, fiveMinutes.points().get(1).max());
        HistoryReader.Page tenSeconds = reader.read(stream, T0, T0 + 60_000, 10_000, now);
        assertEquals(1000, tenSeconds.level().stepMillis());
        assertEquals(6, tenSeconds.points().size());
        assertEquals(4.5, tenSeconds.points().get(0).mean(), 1e-12);
        // Beyond the 1 s retention, 10 s steps can only come from the coarser levels that still hold it.
        assertEquals(3_600_000, reader.levelFor(T0, 3_600_000, T0 + Duration.ofDays(30).toMillis()).stepMillis());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void shouldStoreAlertTransitionsOnceAndFilterThem(JdbcHistoryStore store) throws Exception {
        String stream = "alerts-" + Integer.toHexString(store.url().hashCode());
        HistoryRecorder recorder = new HistoryRecorder(LEVELS.get(0));
        TransitionRow pending = new TransitionRow("hot/" + stream + "#1", "hot/" + stream, 1, "hot", stream, null,
                "pending", T0, "warning", "{\"sequence\":1}");
        TransitionRow firing = new TransitionRow("hot/" + stream + "#2", "hot/" + stream, 2, "hot", stream,
                "pending", "firing", T0 + 5000, "warning", "{\"sequence\":2}");
        TransitionRow other = new TransitionRow("cold/" + stream + "#1", "cold/" + stream, 1, "cold", stream, null,
                "firing", T0 + 6000, "critical", "{\"sequence\":1}");
        try (HistoryWriter writer = new HistoryWriter(store, recorder, LEVELS, 1000, () -> T0)) {
            writer.recordTransition(pending);
            writer.recordTransition(firing);
            assertTrue(writer.flushNow());
            // A transition handed over again (a retry) keeps its one row.
            writer.recordTransition(firing);
            writer.recordTransition(other);
            assertTrue(writer.flushNow());
        }
        List<TransitionRow> all = store.readTransitions(stream, null, T0, T0 + 60_000, 100);
        assertEquals(List.of(other, firing, pending), all, "newest first, each once");
        assertEquals(List.of(firing, pending), store.readTransitions(stream, "hot", T0, T0 + 60_000, 100));
        assertEquals(List.of(other), store.readTransitions(stream, null, T0, T0 + 60_000, 1));
        assertEquals(List.of(pending), store.readTransitions(stream, "hot", T0, T0 + 1000, 100));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void shouldDeleteEachLevelAfterItsRetention(JdbcHistoryStore store) throws Exception {
        String stream = "retention-" + store.url().hashCode();
        HistoryRecorder recorder = new HistoryRecorder(LEVELS.get(0));
        try (HistoryWriter writer = new HistoryWriter(store, recorder, LEVELS, 1000, () -> T0)) {
            recorder.record(stream, stats(1, 1, 1, 1, T0), 0);
            assertTrue(writer.flushNow());
        }
        long sevenHoursLater = T0 + Duration.ofHours(7).toMillis();
        try (Connection c = store.connect()) {
            assertEquals(1, store.deleteBefore(c, 1000, sevenHoursLater - Duration.ofHours(6).toMillis()));
            assertEquals(0, store.deleteBefore(c, 60_000, sevenHoursLater - Duration.ofDays(7).toMillis()));
        }
        assertEquals(0, store.read(stream, 1000, T0, T0 + 1000).size());
        assertEquals(1, store.read(stream, 60_000, T0, T0 + 60_000).size());
    }
}
