package io.rtda.accelerator.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract every {@link StatsKernel} meets, checked through {@link StatsCalculator} against
 * {@link StatsOracle}. Subclasses name the kernel; the suite runs once per backend.
 *
 * <p>Tolerances. Order statistics (min, max, last, p50..p99, mad) and counts are compared exactly: they are
 * selections of input values (or the type-7 formula applied to them), so any difference is a bug. Sums are
 * compared with a bound that grows with n: a sequential or lane-wise sum of n terms has relative error at most
 * about n * eps (eps = 2^-52, about 2.2e-16), so n * 1e-15 leaves a margin of 4.5. The error is relative to
 * the magnitude the kernel actually sums, the spread R = max - min of the window (values are summed as
 * deviations from a value inside the window), not to the result, which may be near zero for centred data:
 * <ul>
 *   <li>mean: n * 1e-15 * (|mean| + R)</li>
 *   <li>std: n * 1e-15 * R (so equal values must give exactly 0)</li>
 *   <li>slope: n * 1e-15 * (|slope| + R / T), T the window's time span in seconds</li>
 *   <li>z: n * 1e-15 * (|z| + R / std)</li>
 *   <li>sum: n * 1e-15 * (|sum| + n * R)</li>
 * </ul>
 * Seeds are printed in every message; rerun one case with {@code -Drtda.test.seed=...}.
 */
public abstract class StatsKernelContract {
    /** Sizes around every vector width (2, 4, 8 doubles) and its tails. */
    protected static final int[] SIZES = {1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129,
        1023, 1024, 1025, 4097};
    static final long SEED = Long.getLong("rtda.test.seed", 0x5EED_2024L);
    static final long EPOCH = 1_700_000_000_000L;

    /** Value distributions that have broken statistics kernels before. */
    public enum Shape {
        GAUSSIAN,
        /** Every value negative: catches a max that starts from the smallest positive double. */
        ALL_NEGATIVE,
        ALL_EQUAL,
        /** Magnitudes around 1e300 of both signs: squares overflow. */
        HUGE,
        /** Magnitudes around 1e-300 of both signs: squares underflow. */
        TINY,
        /** 1e15 plus noise: naive sums of squares cancel catastrophically. */
        LARGE_OFFSET,
        /** Five distinct values: ties everywhere for the quantiles. */
        FEW_DISTINCT,
        /** Alternating 1e300 and 1e-300 magnitudes. */
        MIXED_EXTREMES,
        /**
         * Around 1e152, the newest value 0: the sum of the values shifted by the newest one squares to
         * infinity while the sum of their squares stays finite.
         */
        SQUARED_SUM_OVERFLOW
    }

    protected abstract StatsKernel kernel();

    @ParameterizedTest
    @EnumSource(Shape.class)
    void shouldMatchOracleAtEverySizeAroundVectorWidths(Shape shape) {
        for (int n : SIZES) {
            long seed = seed(shape, n);
            Window w = window(shape, n, seed);
            WindowStats actual = computeInRing(kernel(), w, Integer.highestOneBit(n) << 1, 0, true);
            assertMatches(StatsOracle.of(w.values, w.times), actual, context(shape, n, 0, seed));
        }
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void shouldMatchOracleWhenWindowWrapsAroundTheRing(Shape shape) {
        for (int n : SIZES) {
            long seed = seed(shape, n) + 1;
            Window w = window(shape, n, seed);
            int capacity = n == 1 ? 2 : Integer.highestOneBit(n - 1) << 1;
            WindowStats expected = StatsOracle.of(w.values, w.times);
            for (int start : new int[] {capacity - 1, capacity - 3, capacity - 9, capacity - n / 2 - 1}) {
                int s = Math.floorMod(start, capacity);
                WindowStats actual = computeInRing(kernel(), w, capacity, s, true);
                assertMatches(expected, actual, context(shape, n, s, seed));
            }
        }
    }

    @Test
    void shouldReportAFiniteSumWhenTheShiftedSumsOverflow() {
        WindowStats alternating = computeInRing(kernel(), new Window(new double[] {1e308, -1e308, 1e308, -1e308},
                times(4, 1000)), 8, 6, false);
        assertEquals(0.0, alternating.sum(), kernel().name());
        WindowStats two = computeInRing(kernel(), new Window(new double[] {1.5e308, -1e308}, times(2, 1000)), 4, 0,
                false);
        assertEquals(5e307, two.sum(), 5e307 * 1e-15, kernel().name());
    }

    @Test
    void shouldReportNegativeMaximumForAllNegativeValues() {
        Window w = new Window(new double[] {-5, -3, -7, -4, -9, -3.5, -8, -6, -10}, times(9, 1000));
        WindowStats stats = computeInRing(kernel(), w, 16, 0, true);
        assertEquals(-3.0, stats.max(), kernel().name());
        assertEquals(-10.0, stats.min(), kernel().name());
    }

    @Test
    void shouldReportExactlyZeroSpreadForEqualValues() {
        for (int n : SIZES) {
            double[] values = new double[n];
            Arrays.fill(values, -2.5);
            WindowStats stats = computeInRing(kernel(), new Window(values, times(n, 250)), 8192, 8190, true);
            String context = kernel().name() + " n=" + n;
            assertEquals(0.0, stats.std(), context);
            assertEquals(0.0, stats.z(), context);
            assertEquals(0.0, stats.mad(), context);
            assertEquals(-2.5, stats.mean(), context);
            assertEquals(-2.5, stats.p99(), context);
            assertEquals(n == 1 ? Double.NaN : 0.0, stats.slope(), context);
        }
    }

    @Test
    void shouldDescribeSingleSampleWindow() {
        Window w = new Window(new double[] {42.25}, new long[] {EPOCH});
        WindowStats stats = computeInRing(kernel(), w, 4, 3, true);
        assertEquals(1, stats.count());
        assertEquals(42.25, stats.sum());
        assertEquals(42.25, stats.mean());
        assertEquals(0.0, stats.std());
        assertEquals(0.0, stats.z());
        assertEquals(Double.NaN, stats.slope());
        assertEquals(42.25, stats.min());
        assertEquals(42.25, stats.max());
        assertEquals(42.25, stats.last());
        assertEquals(42.25, stats.p50());
        assertEquals(42.25, stats.p99());
        assertEquals(0.0, stats.mad());
        assertEquals(EPOCH, stats.firstTimestamp());
        assertEquals(EPOCH, stats.lastTimestamp());
    }

    @Test
    void shouldReturnEmptyStatsForEmptyWindow() {
        WindowStats stats = new StatsCalculator(kernel()).compute(new double[4], new long[4], 3, 2, 0, true);
        assertSame(WindowStats.EMPTY, stats);
    }

    @Test
    void shouldReportNaNSlopeWhenAllEventTimesAreEqual() {
        double[] values = {1, 5, 2, 8, 3};
        long[] times = new long[values.length];
        Arrays.fill(times, EPOCH);
        WindowStats stats = computeInRing(kernel(), new Window(values, times), 8, 0, true);
        assertEquals(Double.NaN, stats.slope());
    }

    @Test
    void shouldFitExactLinearTrendInUnitsPerSecond() {
        int n = 1025;
        double[] values = new double[n];
        long[] times = times(n, 500);
        for (int i = 0; i < n; i++) {
            values[i] = 3 * i - 100;
        }
        WindowStats stats = computeInRing(kernel(), new Window(values, times), 2048, 2000, true);
        assertEquals(6.0, stats.slope(), 6.0 * n * 1e-15);
    }

    @Test
    void shouldSkipQuantilesButKeepMomentsWhenAskedForMomentsOnly() {
        long seed = seed(Shape.GAUSSIAN, 129);
        Window w = window(Shape.GAUSSIAN, 129, seed);
        WindowStats full = computeInRing(kernel(), w, 256, 200, true);
        WindowStats moments = computeInRing(kernel(), w, 256, 200, false);
        for (double q : new double[] {moments.p50(), moments.p90(), moments.p95(), moments.p99(), moments.mad()}) {
            assertEquals(Double.NaN, q, "seed=" + seed);
        }
        assertEquals(full.mean(), moments.mean(), "seed=" + seed);
        assertEquals(full.std(), moments.std(), "seed=" + seed);
        assertEquals(full.max(), moments.max(), "seed=" + seed);
    }

    // ---- shared helpers (also used by the vector-versus-scalar agreement test) ----

    /** A window's samples, oldest first. */
    public record Window(double[] values, long[] times) {
    }

    public static long seed(Shape shape, int n) {
        return SEED * 31 + shape.ordinal() * 1_000_003L + n;
    }

    public static String context(StatsKernel kernel, Shape shape, int n, int start, long seed) {
        return "kernel=" + kernel.name() + " shape=" + shape + " n=" + n + " start=" + start + " seed=" + seed;
    }

    private String context(Shape shape, int n, int start, long seed) {
        return context(kernel(), shape, n, start, seed);
    }

    /** Event times from EPOCH with gaps of 0 to 2 s, so equal times occur now and then. */
    public static Window window(Shape shape, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        long[] times = new long[n];
        long t = EPOCH;
        for (int i = 0; i < n; i++) {
            t += random.nextInt(8) == 0 ? 0 : random.nextInt(1, 2000);
            times[i] = t;
            values[i] = value(shape, random, i);
        }
        if (shape == Shape.SQUARED_SUM_OVERFLOW) {
            values[n - 1] = 0;
        }
        return new Window(values, times);
    }

    private static double value(Shape shape, SplittableRandom random, int i) {
        double sign = random.nextBoolean() ? 1 : -1;
        return switch (shape) {
            case GAUSSIAN -> 3 + 10 * gaussian(random);
            case ALL_NEGATIVE -> -1 - 100 * Math.abs(gaussian(random));
            case ALL_EQUAL -> 0.1;
            case HUGE -> sign * 1e300 * (1 + random.nextDouble());
            case TINY -> sign * 1e-300 * (1 + random.nextDouble());
            case LARGE_OFFSET -> 1e15 + 100 * gaussian(random);
            case FEW_DISTINCT -> random.nextInt(5) - 2;
            case MIXED_EXTREMES -> sign * (i % 2 == 0 ? 1e300 : 1e-300) * (1 + random.nextDouble());
            case SQUARED_SUM_OVERFLOW -> 1e152 * (1 + random.nextDouble());
        };
    }

    private static double gaussian(SplittableRandom random) {
        return random.nextGaussian();
    }

    static long[] times(int n, long step) {
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            times[i] = EPOCH + i * step;
        }
        return times;
    }

    /**
     * Lays the window into a ring of {@code capacity} starting at physical index {@code start} (wrapping),
     * with poison outside it so a kernel that reads past its segment is caught, and computes its stats.
     */
    public static WindowStats computeInRing(StatsKernel kernel, Window w, int capacity, int start,
            boolean withQuantiles) {
        int n = w.values.length;
        double[] values = new double[capacity];
        long[] times = new long[capacity];
        Arrays.fill(values, Double.NaN);
        Arrays.fill(times, Long.MIN_VALUE / 2);
        int mask = capacity - 1;
        for (int i = 0; i < n; i++) {
            values[(start + i) & mask] = w.values[i];
            times[(start + i) & mask] = w.times[i];
        }
        return new StatsCalculator(kernel).compute(values, times, mask, start, n, withQuantiles);
    }

    /** Asserts {@code actual} equals {@code expected} under the tolerances in the class comment. */
    public static void assertMatches(WindowStats expected, WindowStats actual, String context) {
        long n = expected.count();
        assertEquals(n, actual.count(), context + " count");
        assertEquals(expected.firstTimestamp(), actual.firstTimestamp(), context + " firstTimestamp");
        assertEquals(expected.lastTimestamp(), actual.lastTimestamp(), context + " lastTimestamp");
        assertEquals(expected.min(), actual.min(), context + " min");
        assertEquals(expected.max(), actual.max(), context + " max");
        assertEquals(expected.last(), actual.last(), context + " last");
        assertEquals(expected.p50(), actual.p50(), context + " p50");
        assertEquals(expected.p90(), actual.p90(), context + " p90");
        assertEquals(expected.p95(), actual.p95(), context + " p95");
        assertEquals(expected.p99(), actual.p99(), context + " p99");
        assertEquals(expected.mad(), actual.mad(), context + " mad");
        double r = expected.max() - expected.min();
        double bound = n * 1e-15;
        assertClose(expected.mean(), actual.mean(), bound * (Math.abs(expected.mean()) + r), context + " mean");
        assertClose(expected.std(), actual.std(), bound * r, context + " std");
        assertClose(expected.sum(), actual.sum(), bound * (Math.abs(expected.sum()) + n * r), context + " sum");
        double seconds = (expected.lastTimestamp() - expected.firstTimestamp()) / 1000.0;
        double slopeScale = seconds > 0 ? r / seconds : 0;
        assertClose(expected.slope(), actual.slope(), bound * (Math.abs(expected.slope()) + slopeScale),
                context + " slope");
        double zScale = expected.std() > 0 ? r / expected.std() : 0;
        assertClose(expected.z(), actual.z(), bound * (Math.abs(expected.z()) + zScale), context + " z");
        assertTrue(actual.std() >= 0, context + " std is never negative");
    }

    /** |expected - actual| within tolerance; NaN (undefined) only matches NaN. */
    static void assertClose(double expected, double actual, double tolerance, String message) {
        if (Double.isNaN(expected)) {
            assertEquals(Double.NaN, actual, message);
            return;
        }
        double error = Math.abs(expected - actual);
        assertTrue(error <= tolerance, () -> message + ": expected " + expected + " but was " + actual
                + " (error " + error + " > tolerance " + tolerance + ")");
    }
}
