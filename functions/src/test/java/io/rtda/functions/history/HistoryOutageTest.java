package io.rtda.functions.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.accelerator.stats.WindowStats;
import java.io.File;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writer across a real PostgreSQL outage: the local server is stopped with {@code pg_ctlcluster} while
 * points are recorded, then started again; nothing recorded may be lost, and the buffer stays bounded.
 */
class HistoryOutageTest {
    private static final long T0 = 1_790_000_000_000L - Math.floorMod(1_790_000_000_000L, 3_600_000L);
    private static final List<HistoryLevel> LEVELS = List.of(
            new HistoryLevel(Duration.ofSeconds(1), Duration.ofHours(6)),
            new HistoryLevel(Duration.ofMinutes(1), Duration.ofDays(7)));

    private JdbcHistoryStore store;

    @AfterEach
    void cleanUp() throws Exception {
        postgres("start");
        awaitPostgres();
        if (store != null) {
            TestDatabases.drop(store);
        }
    }

    private static WindowStats stats(double value, long time) {
        return new WindowStats(1, value, value, 0, value, value, value, 0, 0, value, value, value, value, 0, time,
                time);
    }

    @Test
    void shouldQueueWhilePostgresIsDownAndFlushEverythingWhenItReturns() throws Exception {
        store = TestDatabases.postgres();
        HistoryRecorder recorder = new HistoryRecorder(LEVELS.get(0));
        try (HistoryWriter writer = new HistoryWriter(store, recorder, LEVELS, 10_000, () -> T0)) {
            recorder.record("outage", stats(1, T0), 0.1);
            assertTrue(writer.flushNow());

            postgres("stop");
            for (int s = 1; s <= 5; s++) {
                recorder.record("outage", stats(s + 1, T0 + s * 1000L), 0.1 * s);
            }
            assertFalse(writer.flushNow(), "a flush with the database down reports failure");
            assertEquals(6, writer.pending(), "5 seconds and their minute wait in memory");
            assertTrue(writer.failures() >= 1);
            assertNotNull(writer.lastError());
            recorder.record("outage", stats(7, T0 + 6000), 0.7);

            postgres("start");
            awaitPostgres();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!writer.flushNow()) {
                assertTrue(System.nanoTime() < deadline, "PostgreSQL is back but the writer never caught up: "
                        + writer.lastError());
            }
            assertEquals(0, writer.pending());
            assertEquals(0, writer.dropped());
        }
        List<HistoryPoint> seconds = store.read("outage", 1000, T0, T0 + 60_000);
        assertEquals(7, seconds.size(), "every second recorded before, during and after the outage");
        HistoryPoint minute = store.read("outage", 60_000, T0, T0 + 60_000).get(0);
        assertEquals(7, minute.updates());
        assertEquals(4.0, minute.mean(), 1e-12);
        assertEquals(7, minute.last());
        assertEquals(0.7, minute.score(), 1e-12);
    }

    @Test
    void shouldDropAndCountBeyondTheBoundWhileDown() throws Exception {
        store = TestDatabases.postgres();
        HistoryRecorder recorder = new HistoryRecorder(LEVELS.get(0));
        try (HistoryWriter writer = new HistoryWriter(store, recorder, LEVELS, 4, () -> T0)) {
            assertTrue(writer.flushNow());
            postgres("stop");
            for (int s = 0; s < 10; s++) {
                recorder.record("bounded", stats(s, T0 + s * 1000L), 0);
            }
            assertFalse(writer.flushNow());
            assertEquals(4, writer.pending(), "the pending buffer never grows past its bound");
            // Admitted in order: second 0, the minute, seconds 1 and 2; the minute keeps merging in place.
            assertEquals(7, writer.dropped(), "every point that found no room is counted (seconds 3 to 9)");
        }
    }

    /** Stops or starts the local PostgreSQL cluster (the CI machine's, as root). */
    private static void postgres(String action) throws IOException, InterruptedException {
        String[] versions = new File("/etc/postgresql").list();
        assertNotNull(versions, "no PostgreSQL cluster under /etc/postgresql");
        Process p = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main", action,
                "-m", "fast").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pg_ctlcluster " + action + " hung");
        // 'start' of a running cluster exits 2 ("already running"); anything else is a failure.
        assertTrue(p.exitValue() == 0 || action.equals("start") && p.exitValue() == 2,
                "pg_ctlcluster " + action + " failed: " + output);
    }

    private static void awaitPostgres() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Connection c = JdbcHistoryStore.connect(TestDatabases.PG_ADMIN, TestDatabases.PG_USER, null)) {
                return;
            } catch (SQLException e) {
                assertTrue(System.nanoTime() < deadline, "PostgreSQL did not come back: " + e.getMessage());
                Thread.onSpinWait();
            }
        }
    }
}
