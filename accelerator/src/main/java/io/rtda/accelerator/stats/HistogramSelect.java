package io.rtda.accelerator.stats;

import java.util.Arrays;

/**
 * Exact order statistics by one histogram pass and one gathering pass, the CPU form of the OpenCL kernel's
 * selection. The values' range {@code [low, high]} is cut into {@value #BINS} equal bins; since
 * {@code (x - low) * scale} rounds monotonically, every value of a bin is at most every value of the next,
 * so the bin that holds a rank is known from the counts, and only that bin's values (a few per rank for
 * any smooth distribution) are gathered and selected among. A bin that holds most of the window (a range
 * stretched by one far outlier) is selected among as it is, which keeps the result exact and the worst case
 * at quickselect's. Each call reads the window twice (counting, gathering), whatever the number of ranks;
 * quickselect reorders it once per rank group. The window is read in place, never copied or reordered. A
 * workspace: one per thread.
 */
final class HistogramSelect {
    static final int BINS = 1024;
    /** Below this many values, sorting them is cheaper than the two passes. */
    private static final int SORT_BELOW = 64;
    private static final int MAX_RANKS = 16;

    private final int[] counts = new int[BINS];
    /** Per bin: the index of its gathered run, or -1 when no wanted rank falls in it. */
    private final int[] target = new int[BINS];
    private final int[] order = new int[MAX_RANKS];
    private final int[] runOf = new int[MAX_RANKS];
    private final int[] runBin = new int[MAX_RANKS];
    private final int[] runBelow = new int[MAX_RANKS];
    private final int[] runFrom = new int[MAX_RANKS];
    private final int[] runEnd = new int[MAX_RANKS];
    private double[] gathered = new double[256];

    HistogramSelect() {
        Arrays.fill(target, -1);
    }

    /**
     * Writes the order statistics of {@code a[from, from + n)} at the ranks {@code wanted[0, count)} (any order, may
     * repeat, at most {@value #MAX_RANKS}) into {@code out[0, count)}. Every value must lie in
     * {@code [low, high]}. Reads {@code a} only.
     */
    void orderStatistics(double[] a, int from, int n, double low, double high, int[] wanted, int count,
            double[] out) {
        select(a, from, n, false, 0, low, high, wanted, count, out);
    }

    /**
     * As {@link #orderStatistics} over the distances {@code |a[i] - center|}, without storing them (the MAD's
     * second selection). Every distance must be at most {@code maxDistance}.
     */
    void distanceOrderStatistics(double[] a, int from, int n, double center, double maxDistance, int[] wanted,
            int count, double[] out) {
        select(a, from, n, true, center, 0, maxDistance, wanted, count, out);
    }

    private void select(double[] a, int from, int n, boolean distances, double center, double low, double high,
            int[] wanted, int count, double[] out) {
        double scale = BINS / (high - low);
        if (n < SORT_BELOW || count > MAX_RANKS || !(high > low) || !Double.isFinite(high - low)
                || !Double.isFinite(scale)) {
            fallback(a, from, n, distances, center, wanted, count, out);
            return;
        }
        int end = from + n;
        Arrays.fill(counts, 0);
        if (distances) {
            for (int i = from; i < end; i++) {
                counts[bin(Math.abs(a[i] - center), low, scale)]++;
            }
        } else {
            for (int i = from; i < end; i++) {
                counts[bin(a[i], low, scale)]++;
            }
        }
        int runs = locate(wanted, count);
        int total = 0;
        for (int r = 0; r < runs; r++) {
            runFrom[r] = total;
            runEnd[r] = total;
            total += counts[runBin[r]];
        }
        if (gathered.length < total) {
            gathered = new double[Math.max(total, 2 * gathered.length)];
        }
        if (distances) {
            for (int i = from; i < end; i++) {
                double x = Math.abs(a[i] - center);
                int r = target[bin(x, low, scale)];
                if (r >= 0) {
                    gathered[runEnd[r]++] = x;
                }
            }
        } else {
            for (int i = from; i < end; i++) {
                double x = a[i];
                int r = target[bin(x, low, scale)];
                if (r >= 0) {
                    gathered[runEnd[r]++] = x;
                }
            }
        }
        for (int r = 0; r < runs; r++) {
            target[runBin[r]] = -1;
        }
        for (int w = 0; w < count; w++) {
            int r = runOf[w];
            int k = runFrom[r] + wanted[w] - runBelow[r];
            Quantiles.select(gathered, runFrom[r], runEnd[r], k);
            out[w] = gathered[k];
        }
    }

    /**
     * One scan of the counts in rank order: records each wanted rank's run, each distinct bin's run with
     * the number of values below it, and marks those bins in {@link #target}; returns the number of runs.
     */
    private int locate(int[] wanted, int count) {
        for (int w = 0; w < count; w++) {
            int j = w;
            while (j > 0 && wanted[order[j - 1]] > wanted[w]) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = w;
        }
        int runs = 0;
        int below = 0;
        int b = 0;
        for (int i = 0; i < count; i++) {
            int w = order[i];
            while (below + counts[b] <= wanted[w]) {
                below += counts[b++];
            }
            if (target[b] < 0) {
                target[b] = runs;
                runBin[runs] = b;
                runBelow[runs] = below;
                runs++;
            }
            runOf[w] = target[b];
        }
        return runs;
    }

    private static int bin(double x, double low, double scale) {
        return Math.min(BINS - 1, (int) ((x - low) * scale));
    }

    private void fallback(double[] a, int from, int n, boolean distances, double center, int[] wanted, int count,
            double[] out) {
        if (gathered.length < n) {
            gathered = new double[Math.max(n, 2 * gathered.length)];
        }
        for (int i = 0; i < n; i++) {
            gathered[i] = distances ? Math.abs(a[from + i] - center) : a[from + i];
        }
        Arrays.sort(gathered, 0, n);
        for (int w = 0; w < count; w++) {
            out[w] = gathered[wanted[w]];
        }
    }
}
