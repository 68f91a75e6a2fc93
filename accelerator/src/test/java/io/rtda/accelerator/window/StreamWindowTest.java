package io.rtda.accelerator.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rtda.accelerator.stats.ScalarStatsKernel;
import io.rtda.accelerator.stats.StatsCalculator;
import io.rtda.accelerator.stats.WindowStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamWindowTest {
    private static final long SEED = Long.getLong("rtda.test.seed", 0x5EED_2024L);
    private static final long T0 = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;

    private final StatsCalculator calculator = new StatsCalculator(new ScalarStatsKernel());

    @Test
    void shouldAppendInOrderReadingsOldestFirst() {
        StreamWindow window = new StreamWindow(config(8, HOUR, 5_000, 64));
        for (int i = 0; i < 5; i++) {
            assertEquals(AppendOutcome.APPENDED, window.append(T0 + i * 1000, i * 1.5));
        }
        assertEquals(5, window.size());
        assertArrayEquals(new long[] {T0, T0 + 1000, T0 + 2000, T0 + 3000, T0 + 4000}, timestamps(window));
        assertArrayEquals(new double[] {0, 1.5, 3, 4.5, 6}, values(window));
        assertEquals(T0 + 4000, window.newestTimestamp());
        assertEquals(6.0, stats(window, WindowKind.COUNT).last());
    }

    @Test
    void shouldPlaceOutOfOrderReadingByEventTime() {
        StreamWindow window = new StreamWindow(config(8, HOUR, 5_000, 64));
        window.append(T0 + 1000, 1);
        window.append(T0 + 2000, 2);
        window.append(T0 + 3000, 3);
        assertEquals(AppendOutcome.INSERTED, window.append(T0 + 2500, 25));
        assertEquals(AppendOutcome.INSERTED, window.append(T0 + 500, 5));
        assertArrayEquals(new long[] {T0 + 500, T0 + 1000, T0 + 2000, T0 + 2500, T0 + 3000}, timestamps(window));
        assertArrayEquals(new double[] {5, 1, 2, 25, 3}, values(window));
        WindowStats stats = stats(window, WindowKind.COUNT);
        assertEquals(3.0, stats.last(), "last is the value with the newest event time, not the latest arrival");
        assertEquals(T0 + 500, stats.firstTimestamp());
        assertEquals(T0 + 3000, stats.lastTimestamp());
    }

    @Test
    void shouldAcceptReadingExactlyAtLateToleranceAndRefuseOneMillisecondOlder() {
        StreamWindow window = new StreamWindow(config(8, HOUR, 5_000, 64));
        window.append(T0, 0);
        window.append(T0 + 10_000, 10);
        assertEquals(AppendOutcome.INSERTED, window.append(T0 + 5_000, 5));
        assertEquals(AppendOutcome.LATE, window.append(T0 + 4_999, 4.999));
        assertEquals(3, window.size());
    }

    @Test
    void shouldRefuseReadingBeyondLateToleranceWithoutChangingTheWindow() {
        StreamWindow window = new StreamWindow(config(8, HOUR, 1_000, 64));
        window.append(T0, 1);
        window.append(T0 + 60_000, 2);
        WindowStats before = stats(window, WindowKind.COUNT);
        assertEquals(AppendOutcome.LATE, window.append(T0 + 30_000, 99));
        assertEquals(2, window.size());
        assertEquals(before, stats(window, WindowKind.COUNT));
    }

    @Test
    void shouldKeepExactDuplicateOnce() {
        StreamWindow window = new StreamWindow(config(8, HOUR, 5_000, 64));
        window.append(T0, 1);
        window.append(T0 + 1000, 2);
        window.append(T0 + 2000, 3);
        assertEquals(AppendOutcome.DUPLICATE, window.append(T0 + 2000, 3), "duplicate of the newest");
        assertEquals(AppendOutcome.DUPLICATE, window.append(T0 + 1000, 2), "duplicate of an older sample");
        assertEquals(3, window.size());
        assertEquals(6.0, stats(window, WindowKind.COUNT).sum());
    }

    @Test
    void shouldReportRetriedDuplicateBeyondToleranceAsDuplicateNotLate() {
        StreamWindow window = new StreamWindow(config(64, HOUR, 1_000, 64));
        window.append(T0, 7.5);
        window.append(T0 + 60_000, 8);
        assertEquals(AppendOutcome.DUPLICATE, window.append(T0, 7.5));
        assertEquals(AppendOutcome.LATE, window.append(T0, 7.25), "same time, other value: a late reading");
        assertEquals(2, window.size());
    }

    @Test
    void shouldKeepReadingsWithSameTimestampAndDifferentValues() {
        StreamWindow window = new StreamWindow(config(8, HOUR, 5_000, 64));
        window.append(T0, 1);
        window.append(T0 + 1000, 2);
        assertEquals(AppendOutcome.APPENDED, window.append(T0 + 1000, 3), "same time as the newest");
        assertEquals(AppendOutcome.INSERTED, window.append(T0, 4), "same time as an older sample");
        assertArrayEquals(new long[] {T0, T0, T0 + 1000, T0 + 1000}, timestamps(window));
        assertArrayEquals(new double[] {1, 4, 2, 3}, values(window));
        assertEquals(3.0, stats(window, WindowKind.COUNT).last());
    }

    @Test
    void shouldCapCountWindowAtCountSizeAfterManyAppends() {
        for (int countSize : new int[] {1, 10, 16, 17}) {
            StreamWindow window = new StreamWindow(config(countSize, 1, 0, countSize));
            int total = 1000;
            for (int i = 0; i < total; i++) {
                assertEquals(AppendOutcome.APPENDED, window.append(T0 + i * 10L, i));
            }
            String context = "countSize=" + countSize;
            assertEquals(countSize, window.windowSize(WindowKind.COUNT), context);
            assertTrue(window.capacity() <= Integer.highestOneBit(countSize - 1 | 1) * 2, context);
            double[] values = values(window);
            assertEquals(countSize, values.length, context);
            for (int i = 0; i < countSize; i++) {
                assertEquals(total - countSize + i, values[i], context + " i=" + i);
            }
            WindowStats stats = stats(window, WindowKind.COUNT);
            assertEquals(countSize, stats.count(), context);
            assertEquals(total - countSize, stats.min(), context);
            assertEquals(total - 1, stats.max(), context);
            assertEquals(T0 + (total - countSize) * 10L, stats.firstTimestamp(), context);
        }
    }

    @Test
    void shouldEvictOldestWhenInsertingIntoFullCountWindow() {
        StreamWindow window = new StreamWindow(config(4, 1, 10_000, 4));
        for (int i = 1; i <= 5; i++) {
            window.append(T0 + i * 1000, i);
        }
        assertEquals(AppendOutcome.INSERTED, window.append(T0 + 4500, 4.5));
        assertArrayEquals(new long[] {T0 + 3000, T0 + 4000, T0 + 4500, T0 + 5000}, timestamps(window));
        assertEquals(AppendOutcome.LATE, window.append(T0 + 1500, 1.5), "older than everything retained");
    }

    @Test
    void shouldKeepWindowsOfEventTimesNearTheStartOfTheLongRange() {
        StreamWindow window = new StreamWindow(config(4, 10_000, 1000, 1024));
        for (int i = 0; i < 8; i++) {
            window.append(Long.MIN_VALUE + i, i);
        }
        // newest - span would wrap to a huge positive floor and empty the window; it saturates instead, so
        // the window is (Long.MIN_VALUE, newest]: all but the sample at Long.MIN_VALUE itself.
        assertEquals(7, window.windowSize(WindowKind.TIME));
        assertEquals(4, window.windowSize(WindowKind.COUNT));
        assertEquals(7.0, stats(window, WindowKind.TIME).last());
    }

    @Test
    void shouldCoverTimeWindowFromExclusiveStartToInclusiveNewest() {
        StreamWindow window = new StreamWindow(config(4, 10_000, 0, 1024));
        for (int i = 0; i <= 20; i++) {
            window.append(T0 + i * 1000L, i);
        }
        // newest = T0 + 20 s, span 10 s: (T0 + 10 s, T0 + 20 s] holds 11 s .. 20 s, not 10 s itself.
        assertEquals(10, window.windowSize(WindowKind.TIME));
        WindowStats stats = stats(window, WindowKind.TIME);
        assertEquals(10, stats.count());
        assertEquals(T0 + 11_000, stats.firstTimestamp());
        assertEquals(T0 + 20_000, stats.lastTimestamp());
        assertEquals(11.0, stats.min());
        assertEquals(4, window.windowSize(WindowKind.COUNT));
        assertEquals(T0 + 11_000, window.view(WindowKind.TIME).timestamp(0));
    }

    @Test
    void shouldGrowToKeepTimeWindowUpToMaxSamplesAndReportTruncation() {
        StreamWindow window = new StreamWindow(config(16, HOUR, 0, 256));
        for (int i = 0; i < 100; i++) {
            window.append(T0 + i * 1000L, i);
        }
        assertEquals(100, window.size());
        assertEquals(100, window.windowSize(WindowKind.TIME));
        assertEquals(16, window.windowSize(WindowKind.COUNT));
        assertFalse(window.timeWindowTruncated());
        for (int i = 100; i < 300; i++) {
            window.append(T0 + i * 1000L, i);
        }
        assertEquals(256, window.size());
        assertEquals(256, window.windowSize(WindowKind.TIME));
        assertEquals(T0 + 44_000, stats(window, WindowKind.TIME).firstTimestamp());
        assertTrue(window.timeWindowTruncated(), "time span holds 300 samples, retention 256");
        window.append(T0 + 300_000 + 2 * HOUR, -1);
        assertEquals(1, window.windowSize(WindowKind.TIME));
        assertFalse(window.timeWindowTruncated(), "the old samples left the time span");
    }

    @Test
    void shouldRetainAtMostMaxSamplesWhenItIsNotAPowerOfTwo() {
        StreamWindow window = new StreamWindow(config(16, HOUR, 0, 100));
        for (int i = 0; i < 300; i++) {
            window.append(T0 + i * 1000L, i);
        }
        assertEquals(100, window.size());
        assertEquals(100, window.windowSize(WindowKind.TIME));
        assertEquals(200.0, stats(window, WindowKind.TIME).min());
        assertTrue(window.timeWindowTruncated());
    }

    @Test
    void shouldSortJitteredReadingsWithinToleranceByEventTime() {
        SplittableRandom random = new SplittableRandom(SEED);
        StreamWindow window = new StreamWindow(config(4096, HOUR, 10_000, 4096));
        List<long[]> sent = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            long ts = T0 + 10_000 + i * 100L - random.nextInt(0, 9_000);
            double value = i;
            AppendOutcome outcome = window.append(ts, value);
            assertTrue(outcome.stored(), "seed=" + SEED + " i=" + i + " outcome " + outcome);
            sent.add(new long[] {ts, i});
        }
        // Stable by arrival among equal times: a later arrival with the same time sorts after.
        sent.sort(Comparator.comparingLong(r -> r[0]));
        long[] times = timestamps(window);
        double[] values = values(window);
        for (int i = 0; i < sent.size(); i++) {
            assertEquals(sent.get(i)[0], times[i], "seed=" + SEED + " i=" + i);
            assertEquals(sent.get(i)[1], values[i], "seed=" + SEED + " i=" + i);
        }
        assertEquals(sent.get(sent.size() - 1)[1], stats(window, WindowKind.COUNT).last(), "seed=" + SEED);
    }

    private WindowStats stats(StreamWindow window, WindowKind kind) {
        return window.stats(kind, calculator, true);
    }

    private static WindowConfig config(int countSize, long spanMillis, long toleranceMillis, int maxSamples) {
        return new WindowConfig(countSize, Duration.ofMillis(spanMillis), Duration.ofMillis(toleranceMillis),
                maxSamples, 1000, null);
    }

    private static long[] timestamps(StreamWindow window) {
        WindowView view = window.view(WindowKind.COUNT);
        long[] out = new long[view.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = view.timestamp(i);
        }
        return out;
    }

    private static double[] values(StreamWindow window) {
        WindowView view = window.view(WindowKind.COUNT);
        double[] out = new double[view.size()];
        view.copyValues(out, 0);
        return out;
    }
}
