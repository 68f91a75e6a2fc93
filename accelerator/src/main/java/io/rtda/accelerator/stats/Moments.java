package io.rtda.accelerator.stats;

/**
 * Running sums of one pass over a window, kept shifted for numerical stability: values are summed as
 * {@code x - shiftValue} and times as {@code t - shiftTime} (milliseconds), so the variance and the
 * least-squares slope do not cancel catastrophically for large offsets. Min and max are of the raw values
 * and therefore exact. A mutable accumulator owned by one thread; kernels add segments to it.
 */
public final class Moments {
    double shiftValue;
    long shiftTime;
    long n;
    double s1;
    double s2;
    double min;
    double max;
    double st;
    double stt;
    double stx;

    /** Resets the accumulator for a new window with the given shifts. */
    public Moments reset(double shiftValue, long shiftTime) {
        this.shiftValue = shiftValue;
        this.shiftTime = shiftTime;
        n = 0;
        s1 = 0;
        s2 = 0;
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
        st = 0;
        stt = 0;
        stx = 0;
        return this;
    }

    /** Adds the sums of a segment computed by a kernel. */
    public void add(long count, double sum1, double sum2, double segMin, double segMax,
            double sumT, double sumTT, double sumTX) {
        n += count;
        s1 += sum1;
        s2 += sum2;
        min = Math.min(min, segMin);
        max = Math.max(max, segMax);
        st += sumT;
        stt += sumTT;
        stx += sumTX;
    }

    public double shiftValue() {
        return shiftValue;
    }

    public long shiftTime() {
        return shiftTime;
    }

    public long count() {
        return n;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** Sum of the raw values. */
    public double sum() {
        return s1 + n * shiftValue;
    }

    public double mean() {
        return n == 0 ? Double.NaN : shiftValue + s1 / n;
    }

    /** The mean minus the value shift, kept in shifted coordinates (no cancellation against the shift). */
    public double meanOffset() {
        return n == 0 ? Double.NaN : s1 / n;
    }

    /** Sample variance (n - 1 in the denominator); 0 for one sample, NaN for none. */
    public double variance() {
        if (n == 0) {
            return Double.NaN;
        }
        if (n == 1) {
            return 0;
        }
        double v = (s2 - s1 * s1 / n) / (n - 1);
        return Math.max(0, v);
    }

    /** Least-squares slope of value over event time, in value units per second; NaN when undefined. */
    public double slopePerSecond() {
        double denominator = n * stt - st * st;
        if (n < 2 || !(denominator > 0)) {
            return Double.NaN;
        }
        return (n * stx - st * s1) / denominator * 1000.0;
    }

    /**
     * True when the shifted sums overflowed, so variance needs the scaled two-pass path. {@code s1 * s1} can
     * overflow while {@code s2} does not ({@code s1² <= n·s2}), which would turn the variance into -infinity.
     */
    boolean overflowed() {
        return !Double.isFinite(s2) || !Double.isFinite(stx) || !Double.isFinite(s1 * s1);
    }
}
