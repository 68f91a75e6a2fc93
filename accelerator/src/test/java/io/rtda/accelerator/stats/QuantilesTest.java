package io.rtda.accelerator.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Exact quantiles by selection against sorting a copy and applying the type-7 definition
 * ({@link StatsOracle#type7}). Results must be identical, not close: selection only moves values.
 */
class QuantilesTest {
    private static final long SEED = Long.getLong("rtda.test.seed", 0x5EED_2024L);
    private static final int MAX_N = 5000;
    private static final double[] PROBABILITIES = {0.0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1.0};

    @Test
    void shouldMatchSortingForRandomDataWithManyDuplicates() {
        SplittableRandom random = new SplittableRandom(SEED);
        assertMatchesSortingForEveryN("few distinct values, seed=" + SEED, n -> {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = random.nextInt(Math.max(1, n / 10)) - n / 20;
            }
            return a;
        });
    }

    @Test
    void shouldMatchSortingForRandomContinuousData() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        assertMatchesSortingForEveryN("gaussian, seed=" + (SEED + 1), n -> {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = random.nextGaussian() * 1e3;
            }
            return a;
        });
    }

    @Test
    void shouldMatchSortingForSortedInput() {
        assertMatchesSortingForEveryN("ascending", n -> {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = i * 0.5 - 7;
            }
            return a;
        });
    }

    @Test
    void shouldMatchSortingForReverseSortedInput() {
        assertMatchesSortingForEveryN("descending", n -> {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = n - i;
            }
            return a;
        });
    }

    @Test
    void shouldMatchSortingWhenAllValuesAreEqual() {
        assertMatchesSortingForEveryN("all equal", n -> {
            double[] a = new double[n];
            Arrays.fill(a, -3.25);
            return a;
        });
    }

    @Test
    void shouldMatchSortingForAdversarialPatterns() {
        assertMatchesSortingForEveryN("organ pipe", n -> {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = Math.min(i, n - 1 - i);
            }
            return a;
        });
        assertMatchesSortingForEveryN("sawtooth", n -> {
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = i % 7;
            }
            return a;
        });
        assertMatchesSortingForEveryN("two values, one outlier", n -> {
            double[] a = new double[n];
            Arrays.fill(a, 1.0);
            a[n / 2] = 1e300;
            return a;
        });
    }

    @Test
    void shouldInterpolateBetweenClosestRanksAsType7() {
        double[] out = new double[3];
        Quantiles.select(new double[] {4, 1, 3, 2}, 4, new double[] {0.5, 0.9, 0.99}, out);
        // h = 3 p: p50 -> h 1.5 -> 2 + 0.5 * 1 = 2.5; p90 -> h 2.7 -> 3 + 0.7 * 1 = 3.7; p99 -> h 2.97 -> 3.97
        assertEquals(2.5, out[0]);
        assertEquals(3.7, out[1], 1e-12);
        assertEquals(3.97, out[2], 1e-12);
    }

    @Test
    void shouldReturnTheValueItselfForOneSample() {
        double[] out = new double[PROBABILITIES.length];
        Quantiles.select(new double[] {-8.5}, 1, PROBABILITIES, out);
        for (double q : out) {
            assertEquals(-8.5, q);
        }
    }

    @Test
    void shouldReturnNaNForNoSamples() {
        double[] out = new double[2];
        Quantiles.select(new double[0], 0, new double[] {0.5, 0.9}, out);
        assertEquals(Double.NaN, out[0]);
        assertEquals(Double.NaN, out[1]);
    }

    @Test
    void shouldComputeMedianOfOddAndEvenCounts() {
        assertEquals(3.0, Quantiles.median(new double[] {5, 3, 1}, 3));
        assertEquals(2.5, Quantiles.median(new double[] {4, 1, 3, 2}, 4));
        assertEquals(7.0, Quantiles.median(new double[] {9, 7, 7, 1, 100, 2}, 6));
    }

    @Test
    void shouldOnlyReadThePrefixOfTheScratchArray() {
        double[] a = {3, 1, 2, 1e9, -1e9};
        double[] out = new double[1];
        Quantiles.select(a, 3, new double[] {0.5}, out);
        assertEquals(2.0, out[0]);
        assertEquals(1e9, a[3]);
        assertEquals(-1e9, a[4]);
    }

    private static void assertMatchesSortingForEveryN(String pattern, IntFunction<double[]> data) {
        double[] out = new double[PROBABILITIES.length];
        for (int n = 1; n <= MAX_N; n++) {
            double[] a = data.apply(n);
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            Quantiles.select(a, n, PROBABILITIES, out);
            for (int i = 0; i < PROBABILITIES.length; i++) {
                assertEquals(StatsOracle.type7(sorted, PROBABILITIES[i]), out[i],
                        pattern + " n=" + n + " p=" + PROBABILITIES[i]);
            }
            Arrays.sort(a);
            assertArrayEquals(sorted, a, pattern + " n=" + n + ": selection must only permute the values");
        }
    }
}
