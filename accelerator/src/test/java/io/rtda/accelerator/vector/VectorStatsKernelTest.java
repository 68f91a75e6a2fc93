package io.rtda.accelerator.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtda.accelerator.stats.Moments;
import io.rtda.accelerator.stats.ScalarStatsKernel;
import io.rtda.accelerator.stats.StatsKernel;
import io.rtda.accelerator.stats.StatsKernelContract;
import io.rtda.accelerator.stats.StatsKernels;
import io.rtda.accelerator.stats.WindowStats;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract suite over the Vector API kernel, plus direct agreement with the scalar oracle kernel on the
 * same rings (same tolerances as the contract: order statistics exact, sums within n * 1e-15 scaled).
 */
class VectorStatsKernelTest extends StatsKernelContract {
    @Override
    protected StatsKernel kernel() {
        return new VectorStatsKernel();
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void shouldAgreeWithScalarKernel(Shape shape) {
        StatsKernel scalar = new ScalarStatsKernel();
        StatsKernel vector = kernel();
        for (int n : SIZES) {
            long seed = seed(shape, n) + 7;
            Window w = window(shape, n, seed);
            int capacity = Integer.highestOneBit(n) << 1;
            for (int offset : new int[] {0, 1, capacity - 5}) {
                int start = Math.floorMod(offset, capacity);
                WindowStats expected = computeInRing(scalar, w, capacity, start, true);
                WindowStats actual = computeInRing(vector, w, capacity, start, true);
                assertMatches(expected, actual, context(vector, shape, n, start, seed) + " vs scalar");
            }
        }
    }

    @Test
    void shouldBeChosenWhenVectorBackendIsRequested() {
        assertEquals("vector", StatsKernels.select("vector").kernel().name());
        assertEquals("vector", StatsKernels.select("auto").kernel().name());
        assertEquals("scalar", StatsKernels.select("SCALAR").kernel().name());
    }

    /**
     * The AVX2 path (exact long-to-double by 2^52 + 2^51) sums what the converting path sums: min and max
     * exactly, sums within reassociation (the Vector API may reduce lanes in another order when a JIT tier
     * or its Java fallback runs the converting path).
     */
    @Test
    void shouldConvertTimesIdenticallyByEitherPath() {
        SplittableRandom random = new SplittableRandom(17);
        for (int n : new int[] {1, 7, 64, 1000, 4099}) {
            double[] values = new double[n];
            long[] times = new long[n];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextDouble(-1e6, 1e6);
                times[i] = 1_790_000_000_000L + i * 1000L + random.nextLong(-500_000, 500_000);
            }
            Moments converted = new Moments().reset(values[n - 1], times[n - 1]);
            Moments magic = new Moments().reset(values[n - 1], times[n - 1]);
            VectorStatsKernel.accumulate(values, times, 0, n, converted, true);
            VectorStatsKernel.accumulate(values, times, 0, n, magic, false);
            assertSameMoments(converted, magic, 1e-9, "n=" + n + " seed 17");
        }
    }

    /** Time offsets of 2^51 ms or more cannot take the trick; such a window is summed by the scalar kernel. */
    @Test
    void shouldFallBackToScalarForTimeOffsetsBeyondTwoToThe51() {
        int n = 64;
        double[] values = new double[n];
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = i * 0.5;
            times[i] = i == 3 ? -(1L << 52) : i * 1000L;
        }
        Moments scalar = new Moments().reset(values[n - 1], times[n - 1]);
        Moments magic = new Moments().reset(values[n - 1], times[n - 1]);
        new ScalarStatsKernel().accumulate(values, times, 0, n, scalar);
        VectorStatsKernel.accumulate(values, times, 0, n, magic, false);
        assertSameMoments(scalar, magic, 0, "one time 2^52 ms before the rest");
    }

    private static void assertSameMoments(Moments expected, Moments actual, double relative, String context) {
        assertEquals(expected.count(), actual.count(), context);
        assertEquals(expected.min(), actual.min(), context);
        assertEquals(expected.max(), actual.max(), context);
        assertClose(expected.sum(), actual.sum(), relative, context + " sum");
        assertClose(expected.variance(), actual.variance(), relative, context + " variance");
        assertClose(expected.slopePerSecond(), actual.slopePerSecond(), relative, context + " slope");
    }

    private static void assertClose(double expected, double actual, double relative, String context) {
        if (!Double.isFinite(expected) || relative == 0) {
            assertEquals(expected, actual, context);
        } else {
            assertEquals(expected, actual, relative * Math.abs(expected), context);
        }
    }
}
