package io.rtda.accelerator.stats;

import java.util.Arrays;
import java.util.Locale;

/**
 * Computes {@link WindowStats} over a window stored in a ring buffer (power-of-two capacity), using one
 * {@link StatsKernel} for the streaming pass and selection for the exact quantiles and MAD. A workspace:
 * it owns scratch memory and is used by one thread at a time (keep one per ingest thread).
 */
public final class StatsCalculator {
    /** Below this spread (2^-480) squared deviations (2^-960 and less) approach the subnormal range. */
    private static final double TINY_SPREAD = 0x1p-480;

    /** Chosen once per JVM: reading the VM flag is not free. */
    private static final QuantileMethod DEFAULT_METHOD = QuantileMethod.forThisJvm();

    private final StatsKernel kernel;
    private final QuantileMethod method;
    private final HistogramSelect histogram = new HistogramSelect();
    private final int[] ranks = new int[2 * Quantiles.PROBABILITIES.length];
    private final double[] orderStatistics = new double[2 * Quantiles.PROBABILITIES.length];
    private final int[] medianRanks = new int[2];
    private final Moments moments = new Moments();
    private final double[] quantiles = new double[Quantiles.PROBABILITIES.length];
    private double[] scratch = new double[1024];

    public StatsCalculator(StatsKernel kernel) {
        this(kernel, DEFAULT_METHOD);
    }

    /** @param method how quantiles and the MAD are found; all methods are exact and agree bit for bit */
    StatsCalculator(StatsKernel kernel, QuantileMethod method) {
        this.kernel = kernel;
        this.method = method;
    }

    /** The quantile method this JVM's calculators use. */
    public static String defaultQuantileMethod() {
        return DEFAULT_METHOD.name().toLowerCase(Locale.ROOT);
    }

    public StatsKernel kernel() {
        return kernel;
    }

    /**
     * Statistics of the {@code length} samples that start at physical index {@code start} of the ring
     * ({@code values}, {@code times}, capacity {@code mask + 1}), oldest first.
     *
     * @param withQuantiles false skips selection (p50..p99 and mad are NaN), for moment-only updates
     */
    public WindowStats compute(double[] values, long[] times, int mask, int start, int length,
            boolean withQuantiles) {
        if (length == 0) {
            return WindowStats.EMPTY;
        }
        int capacity = mask + 1;
        resetAtNewest(values, times, mask, start, length);
        int firstEnd = Math.min(start + length, capacity);
        kernel.accumulate(values, times, start, firstEnd, moments);
        int wrapped = start + length - capacity;
        if (wrapped > 0) {
            kernel.accumulate(values, times, 0, wrapped, moments);
        }
        return finish(values, times, mask, start, length, withQuantiles, null, 0);
    }

    /**
     * Statistics of the same window from sums a {@link DeviceWindows} computed ({@link DeviceWindows#MOMENTS}
     * doubles at {@code sums[sumsOffset]}) and, when {@code deviceQuantiles} is not null, its quantiles and
     * MAD ({@link DeviceWindows#QUANTILES} doubles at {@code quantilesOffset}). The host ring is still read
     * for the newest value, the rare rescaled pass and quantiles the device did not compute.
     *
     * @throws IllegalStateException when the device's window length differs from the host's
     */
    public WindowStats fromDevice(double[] values, long[] times, int mask, int start, int length, double[] sums,
            int sumsOffset, boolean withQuantiles, double[] deviceQuantiles, int quantilesOffset) {
        if ((long) sums[sumsOffset] != length) {
            throw new IllegalStateException("device window holds " + (long) sums[sumsOffset] + " samples, the host's "
                    + length + ": the device mirror diverged");
        }
        if (length == 0) {
            return WindowStats.EMPTY;
        }
        resetAtNewest(values, times, mask, start, length);
        int o = sumsOffset;
        moments.add(length, sums[o + 1], sums[o + 2], sums[o + 3], sums[o + 4], sums[o + 5], sums[o + 6], sums[o + 7]);
        return finish(values, times, mask, start, length, withQuantiles, deviceQuantiles, quantilesOffset);
    }

    private void resetAtNewest(double[] values, long[] times, int mask, int start, int length) {
        int lastIndex = (start + length - 1) & mask;
        moments.reset(values[lastIndex], times[lastIndex]);
    }

    private WindowStats finish(double[] values, long[] times, int mask, int start, int length, boolean withQuantiles,
            double[] deviceQuantiles, int quantilesOffset) {
        double last = moments.shiftValue();
        long lastTime = moments.shiftTime();
        double mean;
        double meanOffset;
        double std;
        double slope;
        double sum = moments.sum();
        if (moments.overflowed() || squaresUnderflow()) {
            double scale = overflowScale();
            Moments scaled = scaledMoments(values, times, mask, start, length, scale);
            mean = (moments.shiftValue() / scale + scaled.mean()) * scale;
            meanOffset = scaled.mean() * scale;
            std = Math.sqrt(scaled.variance()) * scale;
            slope = scaled.slopePerSecond() * scale;
            if (!Double.isFinite(sum)) {
                sum = mean * length; // the shifted sum overflowed; infinite only when the true sum is
            }
        } else {
            mean = moments.mean();
            meanOffset = moments.meanOffset();
            std = Math.sqrt(moments.variance());
            slope = moments.slopePerSecond();
        }
        // The shift is the last value, so last - mean is -meanOffset, exact in shifted coordinates; last - mean
        // in raw ones cancels against a mean rounded at the magnitude of a large offset (1e15 + noise).
        double z = std > 0 ? -meanOffset / std : 0;
        double mad = Double.NaN;
        if (withQuantiles && deviceQuantiles != null) {
            System.arraycopy(deviceQuantiles, quantilesOffset, quantiles, 0, quantiles.length);
            mad = deviceQuantiles[quantilesOffset + quantiles.length];
        } else if (withQuantiles && method == QuantileMethod.HISTOGRAM) {
            // the histogram only reads: a window that does not wrap is read in the ring itself
            boolean wraps = start + length > mask + 1;
            mad = histogramQuantiles(wraps ? copy(values, mask, start, length) : values, wraps ? 0 : start, length,
                    moments.min(), moments.max());
        } else if (withQuantiles && method == QuantileMethod.SORT) {
            double[] a = copy(values, mask, start, length);
            Arrays.sort(a, 0, length);
            for (int i = 0; i < quantiles.length; i++) {
                quantiles[i] = Quantiles.interpolate(a, length, Quantiles.PROBABILITIES[i]);
            }
            mad = Quantiles.madOfSorted(a, length, quantiles[0]);
        } else if (withQuantiles) {
            double[] a = copy(values, mask, start, length);
            Quantiles.select(a, length, Quantiles.PROBABILITIES, quantiles);
            for (int i = 0; i < length; i++) {
                a[i] = Math.abs(a[i] - quantiles[0]);
            }
            mad = Quantiles.median(a, length);
        } else {
            Arrays.fill(quantiles, Double.NaN);
        }
        return new WindowStats(length, sum, mean, std, moments.min(), moments.max(), last,
                slope, z, quantiles[0], quantiles[1], quantiles[2], quantiles[3], mad,
                times[start], lastTime);
    }

    /** Quantiles of {@code a[from, from + n)} into {@link #quantiles} and the returned MAD; reads {@code a} only. */
    private double histogramQuantiles(double[] a, int from, int n, double min, double max) {
        double[] p = Quantiles.PROBABILITIES;
        for (int i = 0; i < p.length; i++) {
            int lo = Quantiles.lowRank(p[i], n);
            ranks[2 * i] = lo;
            ranks[2 * i + 1] = Math.min(lo + 1, n - 1);
        }
        histogram.orderStatistics(a, from, n, min, max, ranks, ranks.length, orderStatistics);
        for (int i = 0; i < p.length; i++) {
            quantiles[i] = Quantiles.interpolate(orderStatistics[2 * i], orderStatistics[2 * i + 1], n, p[i]);
        }
        double median = quantiles[0];
        int lo = Quantiles.lowRank(0.5, n);
        medianRanks[0] = lo;
        medianRanks[1] = Math.min(lo + 1, n - 1);
        histogram.distanceOrderStatistics(a, from, n, median, Math.max(max - median, median - min), medianRanks,
                2, orderStatistics);
        return Quantiles.interpolate(orderStatistics[0], orderStatistics[1], n, 0.5);
    }

    private double[] copy(double[] values, int mask, int start, int length) {
        if (scratch.length < length) {
            scratch = new double[Integer.highestOneBit(length - 1) << 1];
        }
        int first = Math.min(length, mask + 1 - start);
        System.arraycopy(values, start, scratch, 0, first);
        if (first < length) {
            System.arraycopy(values, 0, scratch, first, length - first);
        }
        return scratch;
    }

    /**
     * True when the window's deviations from its shift are so small that their squares fall towards the
     * subnormal range and lose precision (values around 1e-300), so variance needs the scaled path too.
     */
    private boolean squaresUnderflow() {
        double spread = Math.max(moments.max() - moments.shiftValue(), moments.shiftValue() - moments.min());
        return spread > 0 && spread < TINY_SPREAD;
    }

    /** A power of two above the spread of the window around its shift, so scaled values stay below 1. */
    private double overflowScale() {
        double spread = Math.max(Math.abs(moments.max() - moments.shiftValue()),
                Math.abs(moments.min() - moments.shiftValue()));
        if (!Double.isFinite(spread)) {
            spread = Math.max(Math.abs(moments.max()), Math.abs(moments.min())) * 2;
        }
        return Math.scalb(1.0, Math.min(Double.MAX_EXPONENT, Math.getExponent(spread) + 1));
    }

    /**
     * Rare path for spreads near either end of the double range, where shifted squares overflow or
     * underflow: one scalar pass over
     * {@code x / scale - shift / scale} (division by a power of two is exact).
     */
    private Moments scaledMoments(double[] values, long[] times, int mask, int start, int length, double scale) {
        double k = moments.shiftValue() / scale;
        Moments scaled = new Moments().reset(0, moments.shiftTime());
        for (int i = 0; i < length; i++) {
            int p = (start + i) & mask;
            double x = values[p] / scale - k;
            double t = times[p] - moments.shiftTime();
            scaled.add(1, x, x * x, x, x, t, t * t, t * x);
        }
        return scaled;
    }
}
