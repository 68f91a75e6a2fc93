package io.rtda.accelerator.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtda.accelerator.stats.StatsKernelContract.Shape;
import io.rtda.accelerator.stats.StatsKernelContract.Window;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sorting (JDK 22+ on AVX-512), the histogram (elsewhere) and selection give bit-identical quantiles and
 * MAD, so whichever this JVM uses, the others are still checked against the oracle.
 */
class QuantileStrategiesTest {
    @ParameterizedTest
    @EnumSource(Shape.class)
    void shouldGiveIdenticalQuantilesAndMadBySortingSelectingAndCounting(Shape shape) {
        for (int n : StatsKernelContract.SIZES) {
            long seed = StatsKernelContract.seed(shape, n) + 5;
            Window w = StatsKernelContract.window(shape, n, seed);
            int capacity = n == 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
            double[] values = new double[capacity];
            long[] times = new long[capacity];
            System.arraycopy(w.values(), 0, values, 0, n);
            System.arraycopy(w.times(), 0, times, 0, n);
            WindowStats sorted = new StatsCalculator(new ScalarStatsKernel(), QuantileMethod.SORT)
                    .compute(values, times, capacity - 1, 0, n, true);
            WindowStats selected = new StatsCalculator(new ScalarStatsKernel(), QuantileMethod.SELECT)
                    .compute(values, times, capacity - 1, 0, n, true);
            WindowStats counted = new StatsCalculator(new ScalarStatsKernel(), QuantileMethod.HISTOGRAM)
                    .compute(values, times, capacity - 1, 0, n, true);
            String context = "shape=" + shape + " n=" + n + " seed=" + seed;
            assertEquals(selected, sorted, context);
            assertEquals(selected, counted, context);
            StatsKernelContract.assertMatches(StatsOracle.of(w.values(), w.times()), selected, context);
        }
    }
}
