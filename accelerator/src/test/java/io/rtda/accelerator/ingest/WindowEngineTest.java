package io.rtda.accelerator.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.accelerator.reading.ReadingBatch;
import io.rtda.accelerator.stats.ScalarStatsKernel;
import io.rtda.accelerator.stats.WindowStats;
import io.rtda.accelerator.window.WindowConfig;
import io.rtda.accelerator.window.WindowKind;
import io.rtda.accelerator.window.WindowView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WindowEngineTest {
    private static final long SEED = Long.getLong("rtda.test.seed", 0x5EED_2024L);
    private static final long NOW = 1_700_000_000_000L;

    @Test
    void shouldStoreGoodRecordsWhileRejectingLateOnesBySourceIndex() {
        WindowEngine<Void> engine = engine(config(1024, null, 10), false);
        ReadingBatch batch = new ReadingBatch(4);
        batch.add(10, "a", NOW + 60_000, 1, null);
        batch.add(11, "b", NOW, 2, null);
        batch.add(12, "a", NOW, 3, null);
        batch.add(13, "a", NOW + 61_000, 4, null);
        BatchResult result = engine.apply(batch);
        assertEquals(3, result.accepted());
        assertEquals(0, result.duplicates());
        assertEquals(2, result.windowsUpdated());
        assertEquals(1, result.rejected().size());
        Rejection late = result.rejected().get(0);
        assertEquals(12, late.index(), "the request's index, not the batch position");
        assertEquals("ts", late.field());
        assertTrue(late.reason().contains("late"), late.reason());
        StreamSnapshot<Void> a = engine.snapshot("a").orElseThrow();
        assertEquals(2, a.readings());
        assertEquals(2, a.stats().count());
        assertEquals(4.0, a.stats().last());
    }

    @Test
    void shouldCountDuplicatesWithoutStoringThemTwice() {
        WindowEngine<Void> engine = engine(config(1024, null, 10), false);
        ReadingBatch batch = new ReadingBatch(3);
        batch.add(0, "a", NOW, 1, null);
        batch.add(1, "a", NOW, 1, null);
        batch.add(2, "a", NOW + 1, 2, null);
        BatchResult first = engine.apply(batch);
        assertEquals(2, first.accepted());
        assertEquals(1, first.duplicates());
        assertTrue(first.rejected().isEmpty());
        BatchResult retry = engine.apply(batch);
        assertEquals(0, retry.accepted());
        assertEquals(3, retry.duplicates());
        assertEquals(0, retry.windowsUpdated());
        assertEquals(2, engine.snapshot("a").orElseThrow().readings());
    }

    @Test
    void shouldRefuseNewStreamsBeyondMaxStreamsWithFieldStream() {
        WindowEngine<Void> engine = engine(config(1024, null, 2), false);
        ReadingBatch batch = new ReadingBatch(4);
        batch.add(0, "a", NOW, 1, null);
        batch.add(1, "b", NOW, 1, null);
        batch.add(2, "c", NOW, 1, null);
        batch.add(3, "a", NOW + 1, 2, null);
        BatchResult result = engine.apply(batch);
        assertEquals(3, result.accepted());
        assertEquals(List.of(2), result.rejected().stream().map(Rejection::index).toList());
        assertEquals("stream", result.rejected().get(0).field());
        assertTrue(result.rejected().get(0).reason().contains("rtda.window.max-streams"));
        assertEquals(2, engine.streamCount());
        assertTrue(engine.snapshot("c").isEmpty());
    }

    @Test
    void shouldNotLetARefusedRecordChangeTheStreamsTags() {
        WindowEngine<Void> engine = engine(config(1024, null, 10), false);
        ReadingBatch first = new ReadingBatch(1);
        first.add(0, "a", NOW + 60_000, 1, Map.of("site", "north"));
        engine.apply(first);
        ReadingBatch late = new ReadingBatch(1);
        late.add(0, "a", NOW, 2, Map.of("site", "south"));
        assertEquals(1, engine.apply(late).rejected().size());
        ReadingBatch next = new ReadingBatch(1);
        next.add(0, "a", NOW + 61_000, 3, null);
        engine.apply(next);
        assertEquals(Map.of("site", "north"), engine.snapshot("a").orElseThrow().tags());
    }

    @Test
    void shouldSayRetentionNotToleranceWhenAReadingWithinToleranceIsOlderThanAllItKeeps() {
        WindowEngine<Void> engine = engine(config(4, null, 10), false);
        ReadingBatch batch = new ReadingBatch(5);
        for (int i = 0; i < 4; i++) {
            batch.add(i, "a", NOW + i, i, null);
        }
        batch.add(4, "a", NOW - 1, 9, null);
        BatchResult result = engine.apply(batch);
        assertEquals(4, result.accepted());
        String reason = result.rejected().get(0).reason();
        assertTrue(reason.contains("within rtda.window.late-tolerance"), reason);
        assertTrue(reason.contains("rtda.window.max-samples (4)"), reason);
    }

    @Test
    void shouldRefuseEventTimesOutsideYears0000To9999NamingTheUnit() {
        WindowEngine<Void> engine = engine(config(1024, null, 10), false);
        ReadingBatch batch = new ReadingBatch(4);
        batch.add(0, "a", NOW * 1_000_000, 1, null);
        batch.add(1, "a", WindowEngine.MAX_EVENT_TIME, 2, null);
        batch.add(2, "a", Long.MIN_VALUE, 3, null);
        batch.add(3, "b", WindowEngine.MIN_EVENT_TIME, 4, null);
        BatchResult result = engine.apply(batch);
        assertEquals(2, result.accepted());
        assertEquals(List.of(0, 2), result.rejected().stream().map(Rejection::index).toList());
        assertTrue(result.rejected().get(0).reason().contains("nanoseconds"), result.rejected().get(0).reason());
    }

    @Test
    void shouldStoreNegativeZeroAsZero() {
        WindowEngine<Void> engine = engine(config(1024, null, 10), true);
        ReadingBatch batch = new ReadingBatch(3);
        batch.add(0, "a", NOW, -0.0, null);
        batch.add(1, "a", NOW + 1, -0.0, null);
        batch.add(2, "a", NOW + 2, -0.0, null);
        engine.apply(batch);
        WindowStats stats = engine.snapshot("a").orElseThrow().stats();
        assertEquals(0, Double.compare(0.0, stats.min()), "min " + stats.min());
        assertEquals(0, Double.compare(0.0, stats.p50()), "median " + stats.p50());
    }

    @Test
    void shouldCountAStreamCreatedByManyThreadsAtOnceOnceAtMaxStreams() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 300; round++) {
                WindowEngine<Void> engine = engine(config(16, null, 1), false);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<BatchResult>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    long ts = NOW + t;
                    results.add(pool.submit(() -> {
                        start.await();
                        ReadingBatch batch = new ReadingBatch(1);
                        batch.add(0, "only", ts, 1, null);
                        return engine.apply(batch);
                    }));
                }
                start.countDown();
                for (Future<BatchResult> result : results) {
                    assertEquals(List.of(), result.get(10, TimeUnit.SECONDS).rejected(), "round " + round);
                }
                assertEquals(1, engine.streamCount());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldAcceptAnyEventTimeWhenMaxClockSkewIsUnset() {
        WindowEngine<Void> engine = engine(config(1024, null, 10), false);
        ReadingBatch batch = new ReadingBatch(2);
        batch.add(0, "old", 0, 1, null);
        batch.add(1, "future", NOW + Duration.ofDays(3650).toMillis(), 1, null);
        BatchResult result = engine.apply(batch);
        assertEquals(2, result.accepted());
        assertEquals(0, engine.snapshot("old").orElseThrow().stats().lastTimestamp());
    }

    @Test
    void shouldRejectEventTimesBeyondMaxClockSkewWithFieldTs() {
        WindowEngine<Void> engine = engine(config(1024, Duration.ofMinutes(1), 10), false);
        ReadingBatch batch = new ReadingBatch(4);
        batch.add(0, "a", 0, 1, null);
        batch.add(1, "a", NOW - 120_000, 2, null);
        batch.add(2, "a", NOW + 59_000, 3, null);
        batch.add(3, "a", NOW + 61_000, 4, null);
        BatchResult result = engine.apply(batch);
        assertEquals(1, result.accepted());
        assertEquals(List.of(0, 1, 3), result.rejected().stream().map(Rejection::index).toList());
        for (Rejection rejection : result.rejected()) {
            assertEquals("ts", rejection.field());
            assertTrue(rejection.reason().contains("rtda.ingest.max-clock-skew"), rejection.reason());
        }
    }

    @Test
    void shouldReplayReadingsWithoutTheClockSkewCheckOrLateToleranceAndCheckTheNextBatchAgain() {
        WindowEngine<Void> engine = engine(config(4, Duration.ofMinutes(1), 10), false);
        ReadingBatch replayed = new ReadingBatch(2);
        replayed.add(0, "a", NOW - 3_599_000, 2, null);
        replayed.add(1, "a", NOW - 3_600_000, 1, null); // 1 s older: accepted first, logged second
        BatchResult result = engine.replay(replayed);
        assertEquals(2, result.accepted(), "accepted an hour ago, when the clock was an hour earlier");
        assertEquals(List.of(), result.rejected());
        ReadingBatch older = new ReadingBatch(3);
        older.add(0, "a", Long.MAX_VALUE, 3, null);
        older.add(1, "a", NOW - 3_700_000, 4, null); // 100 s older than the newest: beyond the 5 s tolerance
        older.add(2, "a", NOW - 3_600_000, 1, null);
        BatchResult again = engine.replay(older);
        assertEquals(List.of(0), again.rejected().stream().map(Rejection::index).toList(), "years 0000-9999 still");
        assertEquals(1, again.accepted(), "placed by event time in a replay");
        assertEquals(1, again.duplicates());
        ReadingBatch full = new ReadingBatch(2);
        full.add(0, "a", NOW - 3_598_000, 5, null); // the count window of 4 is full now
        full.add(1, "a", NOW - 3_800_000, 6, null); // older than everything it retains
        assertEquals(List.of(1), engine.replay(full).rejected().stream().map(Rejection::index).toList(),
                "what the window no longer retains stays refused");
        ReadingBatch live = new ReadingBatch(1);
        live.add(0, "a", NOW - 3_597_000, 7, null);
        assertEquals(List.of(0), engine.apply(live).rejected().stream().map(Rejection::index).toList(),
                "a live batch after a replay is checked against the clock again");
        ReadingBatch lateLive = new ReadingBatch(1);
        lateLive.add(0, "b", NOW, 1, null);
        lateLive.add(1, "b", NOW - 10_000, 1, null);
        assertEquals(List.of(1), engine.apply(lateLive).rejected().stream().map(Rejection::index).toList(),
                "and against the late tolerance");
    }

    @Test
    void shouldRejectEventTimesAtTheEndsOfTheLongRangeWithoutOverflow() {
        WindowEngine<Void> engine = engine(config(1024, Duration.ofMinutes(1), 10), false);
        ReadingBatch batch = new ReadingBatch(2);
        batch.add(0, "a", Long.MIN_VALUE, 1, null);
        batch.add(1, "a", Long.MAX_VALUE, 2, null);
        BatchResult result = engine.apply(batch);
        assertEquals(0, result.accepted());
        assertEquals(List.of(0, 1), result.rejected().stream().map(Rejection::index).toList());
    }

    @Test
    void shouldRefuseAPageLimitBelowOne() {
        WindowEngine<Void> engine = engine(config(1024, null, 10), false);
        assertThrows(IllegalArgumentException.class, () -> engine.streams(null, 0));
    }

    @Test
    void shouldPageStreamsInIdOrderAfterCursor() {
        WindowEngine<Void> engine = engine(config(1024, null, 100), false);
        ReadingBatch batch = new ReadingBatch(6);
        int index = 0;
        for (String stream : new String[] {"e", "a", "c", "b", "d", "a"}) {
            batch.add(index, stream, NOW + index, index, null);
            index++;
        }
        engine.apply(batch);
        StreamPage first = engine.streams(null, 2);
        assertEquals(List.of("a", "b"), ids(first));
        assertEquals("b", first.next());
        assertEquals(5, first.total());
        assertEquals(2, first.items().get(0).readings());
        StreamPage second = engine.streams(first.next(), 2);
        assertEquals(List.of("c", "d"), ids(second));
        assertEquals("d", second.next());
        StreamPage last = engine.streams(second.next(), 2);
        assertEquals(List.of("e"), ids(last));
        assertNull(last.next());
        assertNull(engine.streams(null, 5).next(), "an exactly full page is the last one");
        assertEquals(List.of("c", "d", "e"), ids(engine.streams("bb", 10)), "cursor need not be a stream");
    }

    @Test
    void shouldPublishQuantilesPerBatchOnlyWhenConfigured() {
        for (boolean quantiles : new boolean[] {true, false}) {
            WindowEngine<Void> engine = engine(config(1024, null, 10), quantiles);
            ReadingBatch batch = new ReadingBatch(5);
            for (int i = 0; i < 5; i++) {
                batch.add(i, "a", NOW + i, i, null);
            }
            engine.apply(batch);
            WindowStats published = engine.snapshot("a").orElseThrow().stats();
            assertEquals(quantiles ? 2.0 : Double.NaN, published.p50(), "quantilesEveryBatch=" + quantiles);
            assertEquals(2.0, published.mean());
            assertEquals(2.0, engine.stats("a", WindowKind.COUNT).orElseThrow().p50(), "queries always have them");
        }
    }

    @Test
    void shouldHandAnalyzerTheWindowAndItsPreviousResult() {
        WindowAnalyzer<Integer> analyzer = (stream, stats, window, fresh, previous) -> {
            assertEquals(stats.count(), window.size());
            assertEquals(stats.last(), window.value(window.size() - 1));
            return previous == null ? 1 : previous + 1;
        };
        WindowEngine<Integer> engine = new WindowEngine<>(config(4, null, 10), new ScalarStatsKernel(), analyzer,
                () -> NOW, true);
        for (int b = 0; b < 3; b++) {
            ReadingBatch batch = new ReadingBatch(3);
            for (int i = 0; i < 3; i++) {
                batch.add(i, "a", NOW + b * 3 + i, b * 3 + i, i == 1 ? Map.of("batch", "b" + b) : null);
            }
            engine.apply(batch);
        }
        StreamSnapshot<Integer> snapshot = engine.snapshot("a").orElseThrow();
        assertEquals(3, snapshot.analysis());
        assertEquals(9, snapshot.readings());
        assertEquals(4, snapshot.stats().count());
        assertEquals(Map.of("batch", "b2"), snapshot.tags());
    }

    @Test
    void shouldTellTheAnalyzerHowManyOfTheNewestSamplesTheBatchBrought() {
        List<Integer> fresh = new ArrayList<>();
        WindowEngine<Void> engine = new WindowEngine<>(config(8, null, 10), new ScalarStatsKernel(),
                (stream, stats, window, f, previous) -> {
                    fresh.add(f);
                    return null;
                }, () -> NOW, true);
        engine.apply(batch("a", NOW, NOW + 100, NOW + 200));
        engine.apply(batch("a", NOW + 300, NOW + 400));
        engine.apply(batch("a", NOW + 150)); // behind the newest: stored, none newer, the newest judged again
        engine.apply(batch("a", NOW + 500, NOW + 450, NOW + 50)); // 450 placed behind 500, both newer than 400
        engine.apply(batch("a", NOW + 1000, NOW + 1100, NOW + 1200, NOW + 1300, NOW + 1400, NOW + 1500, NOW + 1600,
                NOW + 1700, NOW + 1800)); // more than the count window holds
        engine.apply(batch("a", NOW + 1800, NOW + 1900)); // another value in the newest one's millisecond, then one
        engine.replay(batch("a", NOW + 2000, NOW + 2100)); // replayed readings were judged when they arrived
        engine.exportStreams((id, tags, readings, times, values, count) -> {
            WindowEngine<Void> restored = new WindowEngine<>(config(8, null, 10), new ScalarStatsKernel(),
                    (stream, stats, window, f, previous) -> {
                        fresh.add(f);
                        return null;
                    }, () -> NOW, true);
            restored.restoreStream(id, tags, readings, times, values, count);
        });
        assertEquals(List.of(3, 2, 1, 2, 8, 2, 1, 1), fresh, "the last: a restored stream judges its newest only");
    }

    @Test
    void shouldHandBackTheSnapshotEachBatchPublishedThoughALaterBatchReplacedIt() {
        WindowEngine<Integer> engine = new WindowEngine<>(config(8, null, 10), new ScalarStatsKernel(),
                (stream, stats, window, f, previous) -> f, () -> NOW, true);
        List<StreamSnapshot<Integer>> first = new ArrayList<>();
        ReadingBatch two = batch("a", NOW, NOW + 100);
        two.add(2, "b", NOW, 5, null);
        engine.apply(two, first);
        List<StreamSnapshot<Integer>> second = new ArrayList<>();
        engine.apply(batch("a", NOW + 200), second);
        assertEquals(List.of("a", "b"), first.stream().map(StreamSnapshot::stream).sorted().toList(),
                "each updated stream once");
        StreamSnapshot<Integer> a1 = first.stream().filter(s -> s.stream().equals("a")).findFirst().orElseThrow();
        assertEquals(2, a1.analysis(), "the first batch's own verdict: its 2 fresh samples");
        assertEquals(2, a1.readings());
        assertEquals(List.of(engine.snapshot("a").orElseThrow()), second);
        assertEquals(3, second.get(0).readings());
        List<StreamSnapshot<Integer>> none = new ArrayList<>();
        engine.apply(batch("a", NOW + 200), none); // a duplicate: nothing published
        assertEquals(List.of(), none);
    }

    private static ReadingBatch batch(String stream, long... times) {
        ReadingBatch batch = new ReadingBatch(times.length);
        for (int i = 0; i < times.length; i++) {
            batch.add(i, stream, times[i], i, null);
        }
        return batch;
    }

    @Test
    void shouldAnalyzeEveryStreamABatchTouchedInOneCallWithABatchAnalyzer() {
        List<List<String>> calls = new ArrayList<>();
        BatchWindowAnalyzer<String> analyzer = new BatchWindowAnalyzer<>() {
            @Override
            public Object prepare(String stream, WindowStats stats, WindowView window, int fresh,
                    String previous) {
                // copies what it needs while the window is valid: the newest value, how many samples are fresh and
                // the previous result
                return stream + "=" + window.value(window.size() - 1) + "/" + fresh
                        + (previous == null ? "" : " after " + previous);
            }

            @Override
            public List<String> analyzeAll(List<Object> prepared) {
                calls.add(prepared.stream().map(String::valueOf).toList());
                return prepared.stream().map(p -> "seen " + p).toList();
            }
        };
        WindowEngine<String> engine = new WindowEngine<>(config(4, null, 10), new ScalarStatsKernel(), analyzer,
                () -> NOW, true);
        ReadingBatch first = new ReadingBatch(3);
        first.add(0, "a", NOW, 1, null);
        first.add(1, "b", NOW, 2, null);
        first.add(2, "a", NOW + 1, 3, null);
        engine.apply(first);
        ReadingBatch second = new ReadingBatch(2);
        second.add(0, "b", NOW + 1, 5, null);
        second.add(1, "a", NOW + 1, 3, null); // a duplicate stores nothing: a is not analyzed again
        engine.apply(second);

        assertEquals(2, calls.size(), "one analysis call per batch: " + calls);
        assertEquals(List.of("a=3.0/2", "b=2.0/1"), calls.get(0).stream().sorted().toList());
        assertEquals(List.of("b=5.0/1 after seen b=2.0/1"), calls.get(1));
        assertEquals("seen a=3.0/2", engine.snapshot("a").orElseThrow().analysis());
        assertEquals("seen b=5.0/1 after seen b=2.0/1", engine.snapshot("b").orElseThrow().analysis());
        assertEquals(2, engine.snapshot("a").orElseThrow().readings());
        assertEquals(2, engine.snapshot("b").orElseThrow().readings());
    }

    @Test
    void shouldApplyInterleavedBatchOfManyStreamsToEachStream() {
        int streams = 1500;
        int perStream = 4;
        WindowEngine<Void> engine = engine(config(16, null, streams), false);
        ReadingBatch batch = new ReadingBatch(streams * perStream);
        for (int j = 0; j < perStream; j++) {
            for (int s = 0; s < streams; s++) {
                batch.add(batch.size(), new String("s" + s), NOW + j, s * 10 + j, null);
            }
        }
        BatchResult result = engine.apply(batch);
        assertEquals(streams * perStream, result.accepted());
        assertEquals(streams, result.windowsUpdated());
        for (int s = 0; s < streams; s++) {
            WindowStats stats = engine.snapshot("s" + s).orElseThrow().stats();
            assertEquals(perStream, stats.count(), "stream s" + s);
            assertEquals(s * 10 + perStream - 1, stats.last(), "stream s" + s);
        }
    }

    @Test
    void shouldReportNoTruncationForUnknownStream() {
        WindowEngine<Void> engine = engine(config(16, null, 10), false);
        assertFalse(engine.timeWindowTruncated("nope"));
        assertTrue(engine.stats("nope", WindowKind.TIME).isEmpty());
    }

    @Test
    void shouldNotLoseReadingsWhenTwoThreadsApplyToOverlappingStreams() throws Exception {
        int streams = 20;
        int batches = 100;
        int perStream = 10;
        int threads = 2;
        WindowEngine<Void> engine = engine(config(8192, null, 100), true);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> accepted = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                int thread = k;
                accepted.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(SEED + thread);
                    start.await();
                    int total = 0;
                    for (int b = 0; b < batches; b++) {
                        ReadingBatch batch = new ReadingBatch(streams * perStream);
                        for (int j = 0; j < perStream; j++) {
                            for (int s = 0; s < streams; s++) {
                                long ts = NOW + (b * perStream + j) * (long) threads + thread;
                                batch.add(batch.size(), "s" + s, ts, random.nextGaussian(), null);
                            }
                        }
                        BatchResult result = engine.apply(batch);
                        assertTrue(result.rejected().isEmpty(), "seed=" + SEED + " " + result.rejected());
                        total += result.accepted();
                    }
                    return total;
                }));
            }
            start.countDown();
            int sum = 0;
            for (Future<Integer> f : accepted) {
                sum += f.get(60, TimeUnit.SECONDS);
            }
            int perStreamTotal = threads * batches * perStream;
            assertEquals(streams * perStreamTotal, sum, "seed=" + SEED);
            for (int s = 0; s < streams; s++) {
                StreamSnapshot<Void> snapshot = engine.snapshot("s" + s).orElseThrow();
                assertEquals(perStreamTotal, snapshot.readings(), "seed=" + SEED + " stream s" + s);
                WindowStats stats = engine.stats("s" + s, WindowKind.COUNT).orElseThrow();
                assertEquals(perStreamTotal, stats.count(), "seed=" + SEED + " stream s" + s);
                assertEquals(NOW, stats.firstTimestamp());
                assertEquals(NOW + perStreamTotal - 1, stats.lastTimestamp());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldKeepTheTagsLiveEndedWithWhenAReplayRepeatsWhatTheCheckpointHolds() {
        List<ReadingBatch> log = List.of(tagged(Map.of("site", "old"), NOW - 3_000), tagged(Map.of("site", "new"),
                NOW - 3_001), tagged(null, NOW - 2_000, NOW - 1_000, NOW));
        WindowEngine<Void> live = engine(config(4, null, 10), false);
        log.forEach(live::apply);
        WindowEngine<Void> restored = engine(config(4, null, 10), false);
        live.exportStreams((id, tags, readings, times, values, count) ->
                restored.restoreStream(id, tags, readings, times, values, count)); // the checkpoint's windows
        log.forEach(restored::replay); // a replay from a mark before the checkpoint (a batch was in flight)
        assertEquals(Map.of("site", "new"), live.snapshot("s").orElseThrow().tags());
        assertEquals(live.snapshot("s").orElseThrow().tags(), restored.snapshot("s").orElseThrow().tags(),
                "a replayed duplicate does not bring back the tags it had when it was new");
    }

    private static ReadingBatch tagged(Map<String, String> tags, long... times) {
        ReadingBatch batch = new ReadingBatch(times.length);
        for (int i = 0; i < times.length; i++) {
            batch.add(i, "s", times[i], times[i] % 97, i == 0 ? tags : null);
        }
        return batch;
    }

    private static WindowEngine<Void> engine(WindowConfig config, boolean quantiles) {
        return new WindowEngine<>(config, new ScalarStatsKernel(), WindowAnalyzer.none(), () -> NOW, quantiles);
    }

    private static WindowConfig config(int countSize, Duration maxClockSkew, int maxStreams) {
        return new WindowConfig(countSize, Duration.ofMinutes(1), Duration.ofSeconds(5), countSize, maxStreams,
                maxClockSkew);
    }

    private static List<String> ids(StreamPage page) {
        return page.items().stream().map(StreamPage.Entry::stream).toList();
    }
}
