package io.rtda.accelerator.stats;

import java.util.Arrays;

/**
 * Exact quantiles by selection. The definition is linear interpolation between closest ranks (Hyndman and
 * Fan type 7, numpy's and R's default): for probability p over n sorted values a, with h = (n - 1) p,
 * {@code q = a[floor(h)] + (h - floor(h)) (a[floor(h) + 1] - a[floor(h)])}. Selection reorders the
 * scratch array in place and runs in expected linear time, falling back to sorting a range that does not
 * shrink, so the worst case stays O(n log n).
 */
public final class Quantiles {
    /** The probabilities every window reports, in the order of {@link WindowStats}. */
    static final double[] PROBABILITIES = {0.5, 0.9, 0.95, 0.99};

    private static final int SORT_BELOW = 48;

    private Quantiles() {
    }

    /**
     * Computes the quantiles at {@code probabilities} (ascending) of {@code a[0, n)} into {@code out},
     * reordering {@code a}.
     */
    public static void select(double[] a, int n, double[] probabilities, double[] out) {
        if (n == 0) {
            Arrays.fill(out, 0, probabilities.length, Double.NaN);
            return;
        }
        if (n <= SORT_BELOW) {
            Arrays.sort(a, 0, n);
        } else {
            int[] ranks = new int[probabilities.length * 2];
            int count = 0;
            for (double p : probabilities) {
                int lo = lowRank(p, n);
                count = addRank(ranks, count, lo);
                count = addRank(ranks, count, Math.min(lo + 1, n - 1));
            }
            Arrays.sort(ranks, 0, count);
            multiSelect(a, 0, n, ranks, 0, count);
        }
        for (int i = 0; i < probabilities.length; i++) {
            out[i] = interpolate(a, n, probabilities[i]);
        }
    }

    /** The type-7 quantile of a[0, n) once the two ranks it reads hold their order statistics. */
    public static double interpolate(double[] sortedAtRanks, int n, double p) {
        int lo = lowRank(p, n);
        return interpolate(sortedAtRanks[lo], sortedAtRanks[Math.min(lo + 1, n - 1)], n, p);
    }

    /** Type 7 from its two order statistics: {@code a} at rank floor((n - 1) p), {@code b} at the next. */
    static double interpolate(double a, double b, int n, double p) {
        double h = (n - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, n - 1);
        double frac = h - lo;
        if (frac == 0 || lo == hi) {
            return a;
        }
        double diff = b - a;
        if (Double.isInfinite(diff)) {
            return a * (1 - frac) + b * frac;
        }
        return a + frac * diff;
    }

    /**
     * The median absolute deviation around {@code median} of sorted {@code a[0, n)}, in linear time: the
     * deviations left of the median grow leftwards and those right of it rightwards, so a merge of the two
     * runs visits them in order up to the median's ranks.
     */
    static double madOfSorted(double[] a, int n, double median) {
        int lo = lowRank(0.5, n);
        int hi = Math.min(lo + 1, n - 1);
        int right = Arrays.binarySearch(a, 0, n, median);
        if (right < 0) {
            right = -right - 1;
        }
        int left = right - 1;
        double atLo = 0;
        double atHi = 0;
        for (int k = 0; k <= hi; k++) {
            double next;
            if (left >= 0 && (right >= n || Math.abs(a[left] - median) <= Math.abs(a[right] - median))) {
                next = Math.abs(a[left--] - median);
            } else {
                next = Math.abs(a[right++] - median);
            }
            if (k == lo) {
                atLo = next;
            }
            atHi = next;
        }
        return interpolate(atLo, atHi, n, 0.5);
    }

    /** The median of a[0, n), reordering a. */
    public static double median(double[] a, int n) {
        double[] out = new double[1];
        select(a, n, new double[] {0.5}, out);
        return out[0];
    }

    static int lowRank(double p, int n) {
        return (int) Math.floor((n - 1) * p);
    }

    private static int addRank(int[] ranks, int count, int rank) {
        for (int i = 0; i < count; i++) {
            if (ranks[i] == rank) {
                return count;
            }
        }
        ranks[count] = rank;
        return count + 1;
    }

    /** Places the order statistics ranks[rFrom, rTo) (ascending, all inside [from, to)) at their index. */
    private static void multiSelect(double[] a, int from, int to, int[] ranks, int rFrom, int rTo) {
        if (rFrom >= rTo) {
            return;
        }
        int mid = (rFrom + rTo) >>> 1;
        int k = ranks[mid];
        select(a, from, to, k);
        multiSelect(a, from, k, ranks, rFrom, mid);
        multiSelect(a, k + 1, to, ranks, mid + 1, rTo);
    }

    /**
     * Quickselect: afterwards a[k] is the k-th smallest of a[from, to), smaller ones before it. Partitions
     * are branch-free (Lomuto with a conditional increment), because on random data the comparisons of a
     * Hoare partition mispredict about half the time; a second pass over the upper part gathers the values
     * equal to the pivot, so ties (constant streams) end the search instead of degrading it.
     */
    static void select(double[] a, int from, int to, int k) {
        int lo = from;
        int hi = to - 1;
        int budget = 2 * (32 - Integer.numberOfLeadingZeros(to - from)) + 4;
        while (hi - lo >= SORT_BELOW) {
            if (--budget < 0) {
                Arrays.sort(a, lo, hi + 1);
                return;
            }
            int m = lo + ((hi - lo) >>> 1);
            double pivot = medianOfThree(a[lo], a[m], a[hi]);
            int less = partition(a, lo, hi, pivot, false);
            if (k < less) {
                hi = less - 1;
                continue;
            }
            int notGreater = partition(a, less, hi, pivot, true);
            if (k < notGreater) {
                return;
            }
            lo = notGreater;
        }
        Arrays.sort(a, lo, hi + 1);
    }

    /**
     * Moves the values of a[lo, hi] below the pivot (or not above it, when {@code orEqual}) to the front,
     * without branching on the comparison, and returns the index after them.
     */
    private static int partition(double[] a, int lo, int hi, double pivot, boolean orEqual) {
        int i = lo;
        if (orEqual) {
            for (int j = lo; j <= hi; j++) {
                double x = a[j];
                a[j] = a[i];
                a[i] = x;
                i += x <= pivot ? 1 : 0;
            }
        } else {
            for (int j = lo; j <= hi; j++) {
                double x = a[j];
                a[j] = a[i];
                a[i] = x;
                i += x < pivot ? 1 : 0;
            }
        }
        return i;
    }

    private static double medianOfThree(double x, double y, double z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }
}
