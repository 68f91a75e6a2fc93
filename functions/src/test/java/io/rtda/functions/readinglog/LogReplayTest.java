package io.rtda.functions.readinglog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtda.accelerator.ingest.WindowAnalyzer;
import io.rtda.accelerator.ingest.WindowEngine;
import io.rtda.accelerator.stats.ScalarStatsKernel;
import io.rtda.accelerator.reading.ReadingBatch;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay onto restored windows gives the windows the live engine had, whatever the log's order. */
class LogReplayTest {
    private static final long T0 = 1_790_000_000_000L;
    private static final WindowConfig CONFIG = new WindowConfig(1024, Duration.ofMinutes(10), Duration.ofSeconds(5),
            65_536, 100, Duration.ofMinutes(1));

    @TempDir
    Path dir;

    @Test
    void shouldRebuildTheLiveWindowsFromACheckpointPlusTheLogAnHourLater() throws IOException {
        long[] now = {T0};
        List<Boolean> flags = new ArrayList<>();
        try (WindowEngine<Void> live = engine(() -> now[0]); WindowEngine<Void> restarted = engine(() -> now[0]);
                ReadingLog log = new ReadingLog(dir, ReadingLog.Sync.FSYNC)) {
            // before the checkpoint: in the live windows and copied into the restarted engine
            ReadingBatch early = batch("a", T0 - 10_000, 1.0);
            live.apply(early);
            restarted.apply(early);
            log.append(early, List.of(), T0);
            long mark = log.mark();
            // after it, from two concurrent requests: T0 applied first but logged second, and T0 + 60 s; in log
            // order T0 would be 60 s late, beyond the 5 s late tolerance, and refused
            ReadingBatch newer = batch("a", T0 + 60_000, 3.0);
            ReadingBatch older = batch("a", T0, 2.0);
            live.apply(older);
            live.apply(newer);
            log.append(newer, List.of(), T0);
            log.append(older, List.of(), T0);
            ReadingBatch duplicate = batch("a", T0 - 10_000, 1.0); // a retry of a batch the checkpoint holds
            log.append(duplicate, List.of(), T0);

            now[0] = T0 + 3_600_000; // restarted an hour later: beyond max-clock-skew for every logged reading
            LogReplay.Outcome outcome = new LogReplay(restarted, log, flags::add).replay(mark);

            assertEquals(new LogReplay.Outcome(3, 2, 1, 0, Set.of("a")), outcome);
            WindowStats expected = live.snapshot("a").orElseThrow().stats();
            WindowStats actual = restarted.snapshot("a").orElseThrow().stats();
            assertEquals(expected.count(), actual.count());
            assertEquals(expected.mean(), actual.mean());
            assertEquals(expected.last(), actual.last());
            assertEquals(expected.lastTimestamp(), actual.lastTimestamp());
            assertEquals(List.of(true, false), flags, "told while it replays");
        }
    }

    @Test
    void shouldDoNothingWithAnEmptyLog() throws IOException {
        List<Boolean> flags = new ArrayList<>();
        try (WindowEngine<Void> engine = engine(() -> T0);
                ReadingLog log = new ReadingLog(dir, ReadingLog.Sync.WRITE)) {
            assertEquals(new LogReplay.Outcome(0, 0, 0, 0, Set.of()),
                    new LogReplay(engine, log, flags::add).replay(-1));
            assertEquals(0, engine.streamCount());
        }
    }

    @Test
    void shouldAnalyseEachLoggedBatchAsLiveAndLeaveTheTagsOfTheLastOne() throws IOException {
        List<String> liveCalls = new ArrayList<>();
        List<String> replayCalls = new ArrayList<>();
        try (WindowEngine<Void> live = engine(() -> T0, liveCalls); WindowEngine<Void> restarted =
                engine(() -> T0, replayCalls); ReadingLog log = new ReadingLog(dir, ReadingLog.Sync.FSYNC)) {
            for (int i = 0; i < 10; i++) { // ten requests of one reading, the last two tagged
                ReadingBatch batch = new ReadingBatch(1);
                batch.add(0, "a", T0 + (i == 9 ? 8_500 : i * 1_000), i, i < 8 ? null
                        : Map.of("zone", i == 8 ? "north" : "south"));
                live.apply(batch);
                log.append(batch, List.of(), T0);
            }
            new LogReplay(restarted, log, on -> { }).replay(-1);
            assertEquals(liveCalls, replayCalls, "the same windows analysed batch by batch");
            assertEquals(10, replayCalls.size());
            assertEquals(Map.of("zone", "south"), restarted.snapshot("a").orElseThrow().tags(),
                    "the tags of the last batch, an out-of-order reading's, as live");
            assertEquals(live.snapshot("a").orElseThrow().tags(), restarted.snapshot("a").orElseThrow().tags());
        }
    }

    /** An engine whose analyzer notes each call's stream, window size and newest time. */
    private static WindowEngine<Void> engine(java.util.function.LongSupplier clock, List<String> calls) {
        return new WindowEngine<>(CONFIG, new ScalarStatsKernel(), (stream, stats, window, fresh, previous) -> {
            calls.add(stream + " " + stats.count() + " " + stats.lastTimestamp());
            return null;
        }, clock, true);
    }

    private static WindowEngine<Void> engine(java.util.function.LongSupplier clock) {
        return new WindowEngine<>(CONFIG, new ScalarStatsKernel(), WindowAnalyzer.none(), clock, true);
    }

    private static ReadingBatch batch(String stream, long ts, double value) {
        ReadingBatch batch = new ReadingBatch(1);
        batch.add(0, stream, ts, value, null);
        return batch;
    }
}
