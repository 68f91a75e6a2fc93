package io.rtda.accelerator.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;

/**
 * An independent reference for {@link WindowStats}, written without the production code's tricks: order
 * statistics from a sorted copy, sums in exact {@link BigDecimal} arithmetic (two-pass mean and variance
 * about the exact mean) and the least-squares slope from its textbook definition about the exact means.
 * Slow and obviously right; test-only.
 */
public final class StatsOracle {
    private static final MathContext MC = new MathContext(60);

    private StatsOracle() {
    }

    /** Statistics of {@code values} with event times {@code times}, oldest first. */
    public static WindowStats of(double[] values, long[] times) {
        int n = values.length;
        if (n == 0) {
            return WindowStats.EMPTY;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal sumT = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            min = values[i] < min ? values[i] : min;
            max = values[i] > max ? values[i] : max;
            sum = sum.add(new BigDecimal(values[i]));
            sumT = sumT.add(BigDecimal.valueOf(times[i]));
        }
        BigDecimal count = BigDecimal.valueOf(n);
        BigDecimal mean = sum.divide(count, MC);
        BigDecimal meanT = sumT.divide(count, MC);
        BigDecimal sxx = BigDecimal.ZERO;
        BigDecimal stt = BigDecimal.ZERO;
        BigDecimal stx = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            BigDecimal dx = new BigDecimal(values[i]).subtract(mean, MC);
            BigDecimal dt = BigDecimal.valueOf(times[i]).subtract(meanT, MC);
            sxx = sxx.add(dx.multiply(dx, MC), MC);
            stt = stt.add(dt.multiply(dt, MC), MC);
            stx = stx.add(dt.multiply(dx, MC), MC);
        }
        double std = n == 1 ? 0 : sxx.divide(BigDecimal.valueOf(n - 1), MC).sqrt(MC).doubleValue();
        double slope = stt.signum() == 0 ? Double.NaN
                : stx.divide(stt, MC).multiply(BigDecimal.valueOf(1000)).doubleValue();
        double last = values[n - 1];
        double meanValue = mean.doubleValue();
        double z = std > 0 ? new BigDecimal(last).subtract(mean, MC).divide(
                sxx.divide(BigDecimal.valueOf(n - 1), MC).sqrt(MC), MC).doubleValue() : 0;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double p50 = type7(sorted, 0.5);
        double[] deviations = new double[n];
        for (int i = 0; i < n; i++) {
            deviations[i] = Math.abs(values[i] - p50);
        }
        Arrays.sort(deviations);
        return new WindowStats(n, sum.doubleValue(), meanValue, std, min, max, last, slope, z,
                p50, type7(sorted, 0.9), type7(sorted, 0.95), type7(sorted, 0.99), type7(deviations, 0.5),
                times[0], times[n - 1]);
    }

    /**
     * Hyndman and Fan type 7 over a sorted array, as the definition reads: h = (n - 1) p,
     * q = a[floor h] + (h - floor h) (a[floor h + 1] - a[floor h]).
     */
    public static double type7(double[] sorted, double p) {
        int n = sorted.length;
        double h = (n - 1) * p;
        int lo = (int) Math.floor(h);
        double frac = h - lo;
        if (frac == 0 || lo + 1 >= n) {
            return sorted[lo];
        }
        return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
    }
}
