package io.rtda.accelerator.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rtda.accelerator.stats.ScalarStatsKernel;
import io.rtda.accelerator.stats.StatsKernel;
import io.rtda.accelerator.stats.StatsKernelContract;
import io.rtda.accelerator.stats.StatsKernels;
import io.rtda.accelerator.stats.WindowStats;
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
}
