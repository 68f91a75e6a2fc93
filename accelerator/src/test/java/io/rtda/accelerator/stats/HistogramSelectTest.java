package io.rtda.accelerator.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Every rank of adversarial windows equals the sorted window's value at that rank, bit for bit. */
class HistogramSelectTest {
    private static final long SEED = 91L;

    @Test
    void shouldMatchSortingWhenOneFarOutlierPutsAlmostEverythingInOneBin() {
        check("outlier", n -> {
            double[] a = gaussian(n, 1);
            a[n / 3] = 1e12;
            return a;
        });
    }

    @Test
    void shouldMatchSortingForSkewedClusteredAndTiedData() {
        check("exponential", n -> {
            SplittableRandom r = new SplittableRandom(SEED + n);
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = -Math.log(1 - r.nextDouble()) * 1e-3;
            }
            return a;
        });
        check("two clusters", n -> {
            double[] a = gaussian(n, 2);
            for (int i = 0; i < n; i += 2) {
                a[i] += 1e6;
            }
            return a;
        });
        check("ties", n -> {
            SplittableRandom r = new SplittableRandom(SEED + n);
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = r.nextInt(3) * 0.5;
            }
            return a;
        });
        check("max repeated", n -> {
            double[] a = gaussian(n, 3);
            Arrays.fill(a, 0, n / 2, 100.0);
            return a;
        });
    }

    @Test
    void shouldAnswerRepeatedRanksInAnyOrder() {
        double[] a = gaussian(1000, 4);
        double[] sorted = a.clone();
        Arrays.sort(sorted);
        int[] wanted = {999, 0, 500, 500, 499, 998, 1, 0};
        double[] out = new double[wanted.length];
        new HistogramSelect().orderStatistics(a, 0, a.length, sorted[0], sorted[999], wanted, wanted.length, out);
        for (int w = 0; w < wanted.length; w++) {
            assertEquals(sorted[wanted[w]], out[w], "rank " + wanted[w]);
        }
    }

    private static double[] gaussian(int n, long salt) {
        SplittableRandom r = new SplittableRandom(SEED * 31 + salt + n);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble();
            double v = r.nextDouble();
            a[i] = Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
        }
        return a;
    }

    private static void check(String shape, IntFunction<double[]> data) {
        HistogramSelect select = new HistogramSelect();
        for (int n : new int[] {1, 2, 63, 64, 65, 1000, 1024, 4097, 65_536}) {
            double[] a = data.apply(n);
            double[] before = a.clone();
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            int[] wanted = {0, n / 2, (n - 1) / 2, n * 9 / 10, n * 99 / 100, n - 1, Math.min(n - 1, n / 2 + 1)};
            double[] out = new double[wanted.length];
            select.orderStatistics(a, 0, n, sorted[0], sorted[n - 1], wanted, wanted.length, out);
            for (int w = 0; w < wanted.length; w++) {
                assertEquals(sorted[wanted[w]], out[w], shape + " n=" + n + " rank " + wanted[w] + " seed " + SEED);
            }
            double[] padded = new double[n + 6];
            Arrays.fill(padded, Double.MAX_VALUE);
            System.arraycopy(a, 0, padded, 3, n);
            double[] inPlace = new double[wanted.length];
            select.orderStatistics(padded, 3, n, sorted[0], sorted[n - 1], wanted, wanted.length, inPlace);
            assertEquals(Arrays.toString(out), Arrays.toString(inPlace), shape + " n=" + n + " read at offset 3");
            double center = sorted[n / 2];
            double[] distances = new double[n];
            for (int i = 0; i < n; i++) {
                distances[i] = Math.abs(a[i] - center);
            }
            Arrays.sort(distances);
            select.distanceOrderStatistics(a, 0, n, center, Math.max(sorted[n - 1] - center, center - sorted[0]),
                    wanted, wanted.length, out);
            for (int w = 0; w < wanted.length; w++) {
                assertEquals(distances[wanted[w]], out[w], shape + " n=" + n + " distance rank " + wanted[w]);
            }
            assertEquals(Arrays.toString(before), Arrays.toString(a), "reads the window only");
        }
    }
}
